package byteback.client.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.junit.jupiter.api.Test;

class KexPreferenceTest {
    @Test
    void mlkemFirstTheRestInMinasOrder() {
        List<KeyExchangeFactory> minas = SshClient.setUpDefaultClient().getKeyExchangeFactories();
        List<String> before = minas.stream().map(NamedResource::getName).toList();
        List<String> after = KexPreference.order(minas).stream().map(NamedResource::getName).toList();
        assertEquals(KexPreference.FIRST, after.get(0), "supported here (BouncyCastle on the class path): " + before);
        List<String> rest = new ArrayList<>(before);
        rest.remove(KexPreference.FIRST);
        assertEquals(rest, after.subList(1, after.size()));
    }
}
