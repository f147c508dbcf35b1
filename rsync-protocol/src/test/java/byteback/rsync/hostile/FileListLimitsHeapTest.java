package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.flist.FileListLimits;
import org.junit.jupiter.api.Test;

/**
 * A hostile sender streaming millions of file-list entries or uid/gid names must hit the
 * file-list limit, not an OutOfMemoryError (which, in the one-JVM SSH server, would hurt every
 * other client). Found by hand: 10M entries, or 4M 200-byte user names, against the jar run with
 * -Xmx128m ended in "java.lang.OutOfMemoryError" (exit 14) while the limit was a fixed 1 GiB.
 */
class FileListLimitsHeapTest {
    @Test
    void defaultMemoryLimitLeavesMostOfTheHeapFree() {
        long heap = Runtime.getRuntime().maxMemory();
        FileListLimits limits = FileListLimits.defaults();
        assertTrue(limits.maxTotalBytes() <= Math.max(16L << 20, heap / 4),
                "limit " + limits.maxTotalBytes() + " vs heap " + heap);
        assertTrue(limits.maxTotalBytes() <= 1L << 30);
    }
}
