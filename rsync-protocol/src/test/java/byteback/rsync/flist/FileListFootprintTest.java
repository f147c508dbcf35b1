package byteback.rsync.flist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.protocol.XFlags;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What a compact file list costs on the heap per entry (issue 12: rsync's own is ~75 bytes per file
 * with a full list), measured by the heap's growth while a list of 200 000 small files (1 000 per
 * directory, the bench's shape) is held, and that the memory budget is charged at least that much.
 */
class FileListFootprintTest {
    private static final int DIRS = 200;
    private static final int PER_DIR = 1000;
    private static final int ENTRIES = 1 + DIRS * (PER_DIR + 1);

    @Test
    void aListOfSmallFilesCostsLessThanRsyncsPerEntryAndTheBudgetSeesAllOfIt() throws Exception {
        byte[] stream = stream();
        FileListConfig config = new FileListConfig(32, true, false, true, true, true, true, true, true, false,
                false, false, false, false, false, true, 0, 16, FileListLimits.defaults());
        long before = usedHeap();
        long t0 = System.nanoTime();
        FileListReader reader = new FileListReader(config);
        FileList list = reader.read(new BytesWireInput(stream));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long after = usedHeap();
        long perEntry = (after - before) / ENTRIES;
        long charged = reader.estimatedBytes() / ENTRIES;
        System.out.printf("compact file list: %d bytes per entry on the heap, %d charged to the budget; read and"
                + " sorted in %d ms%n", perEntry, charged, ms);
        assertEquals(ENTRIES, list.size());
        assertTrue(perEntry <= 75, perEntry + " bytes per entry (rsync's full list: ~75)");
        assertTrue(charged >= perEntry, "budget charged " + charged + " < measured " + perEntry);
        // and it is still the list: sorted, findable, attributes intact
        assertArrayEquals(".".getBytes(StandardCharsets.US_ASCII), list.get(0).path());
        assertArrayEquals("d00000".getBytes(StandardCharsets.US_ASCII), list.get(1).path());
        assertArrayEquals("d00000/file-0000.txt".getBytes(StandardCharsets.US_ASCII), list.get(2).path());
        assertTrue(list.contains("d00123/file-0456.txt".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(list.contains("d00123/file-4560.txt".getBytes(StandardCharsets.US_ASCII)));
        FileEntry f = list.get(3);
        assertEquals(0100644, f.mode());
        assertEquals(1_700_000_000L, f.mtime());
        assertEquals(123_456_789, f.mtimeNanos());
        assertEquals(1000, f.uid());
        assertTrue(list.get(PER_DIR + 2).isDirectory(), list.get(PER_DIR + 2).name());
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /** ".", then per directory the directory and its files, as a protocol 32 sender would send them. */
    private static byte[] stream() {
        WireBuilder w = new WireBuilder();
        String[] last = {""};
        entry(w, last, ".", 040755, 0, true);
        for (int d = 0; d < DIRS; d++) {
            String dir = String.format("d%05d", d);
            entry(w, last, dir, 040755, 0, false);
            for (int f = 0; f < PER_DIR; f++) {
                entry(w, last, String.format("%s/file-%04d.txt", dir, f), 0100644, 10 + f % 32, false);
            }
        }
        w.varint(0).varint(0); // end of list, no I/O error
        return w.toBytes();
    }

    private static void entry(WireBuilder w, String[] last, String name, int mode, long size, boolean first) {
        int l1 = 0;
        while (l1 < Math.min(255, Math.min(name.length(), last[0].length())) && name.charAt(l1) == last[0].charAt(l1)) {
            l1++;
        }
        int flags = XFlags.XMIT_MOD_NSEC | (first ? XFlags.XMIT_TOP_DIR : 0)
                | (l1 > 0 ? XFlags.XMIT_SAME_NAME : 0);
        w.varint(flags);
        if (l1 > 0) {
            w.b(l1);
        }
        byte[] rest = name.substring(l1).getBytes(StandardCharsets.US_ASCII);
        w.b(rest.length).bytes(rest);
        w.varlong(size, 3).varlong(1_700_000_000L, 4).varint(123_456_789).i32(mode).varint(1000).varint(1000);
        last[0] = name;
    }
}
