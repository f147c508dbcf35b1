package byteback.client.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.junit.jupiter.api.Test;

class CipherPreferenceTest {
    @Test
    void aesGcmFirstChachaLast() {
        List<String> names = CipherPreference.factories().stream().map(NamedResource::getName).toList();
        assertEquals(CipherPreference.ORDER, names, "all supported here, in this order");
        assertEquals("aes128-gcm@openssh.com", names.get(0));
        assertEquals("chacha20-poly1305@openssh.com", names.get(names.size() - 1));
    }
}
