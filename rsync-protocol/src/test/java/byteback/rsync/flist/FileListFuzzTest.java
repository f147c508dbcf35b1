package byteback.rsync.flist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.fuzz.Fuzz;
import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.memory.Reservation;
import byteback.rsync.wire.IoClock;
import byteback.rsync.wire.WireReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of the file-list decoder and of the xattr and ACL decoders inside it (see {@link Fuzz}):
 * file lists recorded from stock rsync 3.5.0 ({@link FuzzSeedRecorder}) for protocols 30-32, byte
 * and varint flags, with and without names, -c and -U, -R; xattr and ACL data as rsync's senders
 * write it. Besides the exceptions, what a list accepts must be safe (no absolute or ".." path,
 * no NUL) and what it holds stays within its limits and the shared memory budget, which gets
 * every byte back.
 */
class FileListFuzzTest {
    /** One recorded client: what it ran and the config the receiver reads its list with. */
    record Capture(int protocol, String dropCompat, List<String> rsyncArgs, FileListConfig config) {}

    /** Limits small enough that the fuzzer reaches them; the allocation bound follows from them. */
    static final FileListLimits LIMITS = new FileListLimits(10_000, 1 << 20, 64 * 1024, 1000, 1000);
    /** Heap one input may make the reader allocate: the list's own limit many times over. */
    static final long MAX_ALLOCATION = 24L * LIMITS.maxTotalBytes();

    static final List<Capture> CONFIGS = List.of(
            capture(32, "", List.of("-aHAX", "--numeric-ids"), true, 0, false, false),
            capture(31, "", List.of("-aHAX"), true, 0, false, false),
            capture(30, "v", List.of("-aHAX", "--numeric-ids"), true, 0, false, false),
            capture(30, "vf", List.of("-aHAX"), true, 0, false, false),
            capture(32, "", List.of("-aHAXc", "-U", "--numeric-ids"), true, 16, true, false),
            capture(31, "u", List.of("-rlptR", "--numeric-ids"), false, 0, false, true));

    private static Capture capture(int protocol, String drop, List<String> args, boolean all, int csum,
            boolean atimes, boolean relative) {
        boolean names = !args.contains("--numeric-ids");
        return new Capture(protocol, drop, args, new FileListConfig(protocol, !drop.contains("v"),
                !drop.contains("f"), !drop.contains("u"), all, all, true, all, all, all, all, all, atimes, false,
                relative, !names, csum, 16, LIMITS));
    }

    static List<byte[]> flistSeeds() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < CONFIGS.size(); i++) {
            names.add("flist-" + i + ".bin");
        }
        return Fuzz.resources(names.toArray(String[]::new));
    }

    @Test
    void recordedSeedsAreWholeLists() throws Exception {
        List<byte[]> seeds = flistSeeds();
        for (byte[] s : seeds) {
            FileListConfig config = CONFIGS.get(s[0]).config();
            WireReader in = new WireReader(Fuzz.stream(java.util.Arrays.copyOfRange(s, 1, s.length)), new IoClock(), 4096);
            FileList list = new FileListReader(config).read(in);
            assertTrue(list.size() >= 15, () -> "config " + s[0] + ": " + list.size());
            assertEquals(s.length - 1, in.totalRead(), "a seed holds the list and nothing after it");
        }
    }

    @Test
    void mutatedFileLists() {
        Fuzz.run("flist", flistSeeds(), 5_000, Fuzz.IO_EXCEPTIONS, MAX_ALLOCATION, FileListFuzzTest::decodeFileList);
    }

    /** Coverage-guided (Jazzer): see {@link Fuzz#jazzer}. */
    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerFileLists(byte[] input) {
        Fuzz.jazzer(input, Fuzz.IO_EXCEPTIONS, FileListFuzzTest::decodeFileList);
    }

    @BeforeAll
    static void jazzerSeeds() {
        Fuzz.jazzerSeeds(FileListFuzzTest.class, "jazzerFileLists", flistSeeds());
        Fuzz.jazzerSeeds(FileListFuzzTest.class, "jazzerXattrSets", xattrSeeds());
        Fuzz.jazzerSeeds(FileListFuzzTest.class, "jazzerAcls", aclSeeds());
    }

    private static final MemoryBudget FLIST_BUDGET = new MemoryBudget(LIMITS.maxTotalBytes() + (1 << 18), 0);

    static void decodeFileList(byte[] input) throws Exception {
        MemoryBudget budget = FLIST_BUDGET;
        {
            if (input.length == 0) {
                return;
            }
            FileListConfig config = CONFIGS.get((input[0] & 0xff) % CONFIGS.size()).config();
            WireReader in = new WireReader(Fuzz.stream(input), new IoClock(), 4096);
            in.readByte();
            try (Reservation r = budget.open()) {
                FileListReader reader = new FileListReader(config, r);
                try {
                    FileList list = reader.read(in);
                    for (FileEntry e : list.entries()) {
                        checkSafe(e, config);
                    }
                } finally {
                    assertTrue(r.used() <= budget.capacity());
                    assertTrue(reader.estimatedBytes() <= LIMITS.maxTotalBytes() + 64 * 1024,
                            () -> "held " + reader.estimatedBytes());
                }
            } finally {
                assertEquals(0, budget.reserved(), "the budget got every byte back");
            }
        }
    }

    /** rsync: flist.c clean_fname and the receiver's checks — what a list keeps is a safe relative path. */
    private static void checkSafe(FileEntry e, FileListConfig config) {
        byte[] p = e.path();
        String shown = new String(p, StandardCharsets.ISO_8859_1);
        for (byte b : p) {
            assertFalse(b == 0, shown);
        }
        if (!config.relativePaths()) {
            assertFalse(p.length > 0 && p[0] == '/', shown);
        }
        for (String part : shown.split("/")) {
            assertFalse(part.equals(".."), shown);
        }
    }

    // ---- xattrs (rsync: xattrs.c receive_xattr) ---------------------------------------------

    static List<byte[]> xattrSeeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(new WireBuilder()
                .varint(0).varint(2)
                .varint(11).varint(5).str("user.small").b(0).str("short")
                .varint(9).varint(100).str("user.big").b(0).bytes(new byte[16])
                .varint(1)
                .varint(0).varint(1).varint(10).varint(4).str("trusted.t").b(0).str("tval")
                .varint(2).varint(0).varint(0)
                .toBytes());
        seeds.add(new WireBuilder()
                .varint(0).varint(3)
                .varint(17).varint(0).str("security.selinux").b(0)
                .varint(20).varint(2).str("user.rsync.%stat123").b(0).str("ok")
                .varint(21).varint(33).str("system.posix_acl_acc").b(0).bytes(new byte[16])
                .toBytes());
        return seeds;
    }

    @Test
    void mutatedXattrSets() {
        Fuzz.run("xattrs", xattrSeeds(), 10_000, Fuzz.IO_EXCEPTIONS, MAX_ALLOCATION, FileListFuzzTest::decodeXattrs);
    }

    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerXattrSets(byte[] input) {
        Fuzz.jazzer(input, Fuzz.IO_EXCEPTIONS, FileListFuzzTest::decodeXattrs);
    }

    static void decodeXattrs(byte[] input) throws Exception {
        MemoryBudget memory = FLIST_BUDGET;
        {
            WireReader in = new WireReader(Fuzz.stream(input), new IoClock(), 4096);
            try (Reservation r = memory.open()) {
                Budget budget = new Budget(LIMITS, r);
                XattrReader reader = new XattrReader(16, LIMITS, budget);
                try {
                    while (true) {
                        XattrSet set = reader.read(in, "entry");
                        assertTrue(set.xattrs().size() <= LIMITS.maxXattrsPerFile());
                    }
                } finally {
                    assertTrue(budget.bytes() <= LIMITS.maxTotalBytes() + 64 * 1024, () -> "held " + budget.bytes());
                }
            } finally {
                assertEquals(0, memory.reserved());
            }
        }
    }

    // ---- ACLs (rsync: acls.c receive_acl) ----------------------------------------------------

    static List<byte[]> aclSeeds() {
        List<byte[]> seeds = new ArrayList<>();
        // a selector byte per entry (0: a file, 1: a directory), then its ACL data
        seeds.add(new WireBuilder()
                .b(0).varint(0).b(0x1f).varint(7).varint(5).varint(5).varint(4)
                .varint(2).varint(1234).varint(5 << 2 | 3).b(4).str("alic")
                .varint(4321).varint(4 << 2)
                .b(1).varint(0).b(0x0b).varint(7).varint(5).varint(5)
                .varint(0).b(0x10).varint(1).varint(1234).varint(7 << 2 | 2)
                .b(0).varint(1)
                .b(1).varint(1).varint(1)
                .toBytes());
        seeds.add(new WireBuilder()
                .b(1).varint(0).b(0x1f).varint(6).varint(4).varint(4).varint(4)
                .varint(3).varint(1).varint(7 << 2 | 1).b(3).str("adm")
                .varint(2).varint(3 << 2).varint(0).varint(0 << 2 | 3).b(4).str("root")
                .varint(0).b(0x0f).varint(7).varint(7).varint(7).varint(7)
                .toBytes());
        return seeds;
    }

    @Test
    void mutatedAcls() {
        Fuzz.run("acls", aclSeeds(), 10_000, Fuzz.IO_EXCEPTIONS, MAX_ALLOCATION, FileListFuzzTest::decodeAcls);
    }

    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerAcls(byte[] input) {
        Fuzz.jazzer(input, Fuzz.IO_EXCEPTIONS, FileListFuzzTest::decodeAcls);
    }

    static void decodeAcls(byte[] input) throws Exception {
        MemoryBudget memory = FLIST_BUDGET;
        {
            WireReader in = new WireReader(Fuzz.stream(input), new IoClock(), 4096);
            try (Reservation r = memory.open()) {
                Budget budget = new Budget(LIMITS, r);
                AclReader reader = new AclReader(LIMITS, budget, new IdNames(budget));
                try {
                    while (true) {
                        FileEntry e = new FileEntry();
                        e.mode = (in.readByte() & 1) == 0 ? FileEntry.S_IFREG | 0644 : FileEntry.S_IFDIR | 0755;
                        reader.read(in, e);
                        assertTrue(e.accessAcl != null && (e.defaultAcl != null) == e.isDirectory());
                    }
                } finally {
                    assertTrue(budget.bytes() <= LIMITS.maxTotalBytes() + 64 * 1024, () -> "held " + budget.bytes());
                }
            } finally {
                assertEquals(0, memory.reserved());
            }
        }
    }
}
