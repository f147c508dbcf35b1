package byteback.client.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import byteback.client.config.RsyncFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The remote command equals what stock rsync 3.5.0 sends for the original's options (captured with a fake --rsh). */
class BackupPlanTest {
    private static String cmd(String flags, boolean verbose) {
        BackupPlan p = plan(flags, verbose);
        return String.join(" ", p.remoteCommand(RsyncBackupTransfer.capabilities(p)));
    }

    private static BackupPlan plan(String flags, boolean verbose) {
        return new BackupPlan(List.of("/"), List.of(), null, null, RsyncFlags.parse(flags), 10800, verbose, "");
    }

    /** Incremental recursion is offered ('i', as rsync's client does for a recursive run) unless rsync_flags refuses it. */
    @Test
    void offersIncrementalRecursionUnlessRsyncFlagsRefuseIt() {
        assertEquals("iLsfxCIvu", RsyncBackupTransfer.capabilities(plan("-H", false)));
        assertEquals("LsfxCIvu", RsyncBackupTransfer.capabilities(plan("--no-inc-recursive", false)));
        assertEquals("LsfxCIvu", RsyncBackupTransfer.capabilities(plan("-H --no-i-r", false)));
        assertEquals("rsync --fake-super --server -lHogDtpXrRe.LsfxCIvu --timeout=10800 --delete-during --delete-excluded"
                + " --numeric-ids --inplace . .", cmd("-H --no-inc-recursive", false));
    }

    @Test
    void asStockRsyncBuildsIt() {
        assertEquals("rsync --fake-super --server -logDtpXrRe.iLsfxCIvu --timeout=10800 --delete-during --delete-excluded"
                + " --numeric-ids --inplace . .", cmd("", false));
        assertEquals("rsync --fake-super --server -lHogDtpAXrcRxSze.iLsfxCIvu --timeout=10800 --bwlimit=100 --delete-during"
                + " --delete-excluded --numeric-ids --inplace . .",
                cmd("--acls --hard-links --one-file-system --bwlimit=100 --compress --checksum --sparse", false));
        assertEquals("rsync --fake-super --server -vlogDtpXrRe.iLsfxCIvu --timeout=10800 --delete-during --delete-excluded"
                + " --numeric-ids --inplace . .", cmd("", true));
        assertEquals("rsync --fake-super --server -logDtpXrRze.iLsfxCIvu --compress-level=3 --timeout=10800 --delete-during"
                + " --delete-excluded --numeric-ids --inplace . .", cmd("--compress-level=3", false));
    }
}
