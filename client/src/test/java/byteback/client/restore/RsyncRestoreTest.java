package byteback.client.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.options.ServerOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The restore's remote command (what the original client's rsync sends) and the options our receiver takes from it. */
class RsyncRestoreTest {

    @Test
    void theRemoteCommandIsTheOriginalClientsWithHAX() {
        assertEquals(List.of("byteback-restore", "--fake-super", "--snapshot", "*", "--server", "--sender",
                "-lHogDtpAXrRze.iLsfxCIvu", "--timeout=300", "--numeric-ids", ".", "/etc/a=20b"),
                RsyncRestore.remoteCommand("*", false, 300, true, List.of("/etc/a=20b")));
        assertEquals(List.of("byteback-restore", "--fake-super", "--snapshot", "2026-11-26T21:30+0000", "--all", "--server",
                "--sender", "-lHogDtpAXrRze.LsfxCIvu", "--numeric-ids", ".", "/etc/x", "/home/**"),
                RsyncRestore.remoteCommand("2026-11-26T21:30+0000", true, 0, false, List.of("/etc/x", "/home/**")));
    }

    @Test
    void theReceiverRunsWithTheOptionsTheServerWasGiven() throws Exception {
        ServerOptions o = RsyncRestore.receiverOptions(RsyncRestore.remoteCommand("*", true, 77, true, List.of("/etc/x")));
        assertEquals(77, o.timeoutSeconds(), "--io-timeout is our own timeout too");
        assertTrue(o.links() && o.hardLinks() && o.owner() && o.group() && o.devices() && o.specials() && o.times()
                && o.perms() && o.acls() && o.xattrs() && o.recursive() && o.relative() && o.numericIds());
        assertFalse(o.delete(), "a restore never deletes");
        assertFalse(o.fakeSuper(), "real metadata");
        assertTrue(o.capabilities().incRecurse(), "incremental recursion offered");
        assertFalse(RsyncRestore.receiverOptions(RsyncRestore.remoteCommand("*", true, 77, false, List.of("/etc/x")))
                .capabilities().incRecurse(), "--no-inc-recursive: not offered");
    }
}
