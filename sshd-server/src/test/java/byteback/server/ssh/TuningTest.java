package byteback.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.junit.jupiter.api.Test;

class TuningTest {
    @Test
    void aConnectionMayQueueAtMostOpenSshsWindowOf2MiB() {
        // what one client may send unread is what one connection holds: with 50 clients at once
        // under load the full windows were most of the server's memory (bench/README, c50)
        SshServer sshd = SshServer.setUpDefaultServer();
        Tuning.apply(sshd, Duration.ofMinutes(10), Tuning.DEFAULT_CIPHERS, Duration.ofSeconds(30));
        assertEquals(2L << 20, CoreModuleProperties.WINDOW_SIZE.getRequired(sshd));
        assertEquals(64L << 10, CoreModuleProperties.MAX_PACKET_SIZE.getRequired(sshd));
    }
}
