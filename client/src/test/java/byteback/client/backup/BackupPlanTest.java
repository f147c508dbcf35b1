package byteback.client.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import byteback.client.config.RsyncFlags;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The remote command equals what stock rsync 3.5.0 sends for the original's options (captured with a fake --rsh). */
class BackupPlanTest {
    private static String cmd(String flags, boolean verbose) {
        BackupPlan p = new BackupPlan(List.of("/"), List.of(), null, null, RsyncFlags.parse(flags), 10800, verbose, "");
        return String.join(" ", p.remoteCommand("iLsfxCIvu"));
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
