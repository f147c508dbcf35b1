package byteback.it.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.rsync.SourceTree;
import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.DirTimeRace;
import byteback.it.support.ServerFixture;
import byteback.it.support.TreeSnapshot;
import byteback.testsupport.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The jar's restore with incremental recursion (it offers 'i' as stock rsync's client does; the
 * sending server decides): one file list per directory, received between the file data, each
 * dropped when its files are done. From this server and from stock rsync 3.5.0 behind OpenSSH (an
 * original byteback server's shape), a tree of many directories with hard links across them (and
 * lists), a long xattr shared by files of many lists (sent abbreviated), ACLs and every file type is
 * restored as stock rsync restores it as the original client runs it; a second run changes nothing;
 * with --no-inc-recursive, or a server that declines, one complete list comes and the same tree is
 * written; --list still lists. And 200 000 files restore into a jar whose heap is capped at 48 MiB,
 * where one complete list does not fit (--no-inc-recursive at that heap is stopped by the receiver's
 * file-list limit, a quarter of the heap, before an OutOfMemoryError would stop it).
 */
class ClientIncrementalRestoreTest {
    private static final String INCREMENTAL = "file list: incremental";
    private static final String COMPLETE = "file list: one complete list";

    @RegisterExtension
    final ServerFixture server = new ServerFixture("2G");

    @Test
    void manyDirectoriesFromThisServerAsStockRsyncRestoresThem() throws Exception {
        Path src = sourceTree(server.scratch());
        ClientKey key = ClientKey.create(server.scratch(), "web1");
        server.enrol("web1", key);
        backUpWithStockRsync(key, src);
        Path conf = confForThisServer(key);
        ClientJar jar = new ClientJar(server.scratch());
        Path sshConfig = Files.writeString(server.scratch().resolve("ssh_config"), "");
        List<String> base = List.of("--config-dir", conf.toString(), "-F", sshConfig.toString());

        Path ref = Files.createDirectories(server.scratch().resolve("ref"));
        long refStart = DirTimeRace.now();
        Cmd.Result stock = Cmd.run(stockRestore(server.rsh(key), "byteback@127.0.0.1:", src.toString()), Map.of(), ref,
                600);
        assertEquals(0, stock.exit(), stock.toString());

        Path ours = Files.createDirectories(server.scratch().resolve("ours"));
        long oursStart = DirTimeRace.now();
        Cmd.Result r = restore(jar, ours, base, List.of("-v"), src.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains(INCREMENTAL) && !r.err().contains(COMPLETE), "incremental recursion: " + r);
        assertFalse(r.err().contains("\tat "), r.toString());
        assertRestoredAsStock(ref, refStart, ours, oursStart, "incremental");

        // again into the restored tree: nothing to change
        TreeSnapshot before = TreeSnapshot.of(ours);
        Cmd.Result again = restore(jar, ours, base, List.of("-v"), src.toString());
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.err().contains(INCREMENTAL) && again.err().contains(" 0 files transferred"), again.toString());
        assertEquals("", before.diff(TreeSnapshot.of(ours)), "a second run changes nothing");

        // --no-inc-recursive: one complete list, the same tree
        Path full = Files.createDirectories(server.scratch().resolve("full"));
        long fullStart = DirTimeRace.now();
        Cmd.Result complete = restore(jar, full, base, List.of("-v", "--no-inc-recursive"), src.toString());
        assertEquals(0, complete.exit(), complete.toString());
        assertTrue(complete.err().contains(COMPLETE) && !complete.err().contains(INCREMENTAL), complete.toString());
        assertRestoredAsStock(ref, refStart, full, fullStart, "--no-inc-recursive");
        assertEquals(entries(r), entries(complete), "the same entries either way");

        // --list is untouched by all this
        Cmd.Result list = jar.run(null, 300, concat(List.of("restore", "--list"), base, List.of(src + "/many/d05/s0/link-to-d00"))
                .toArray(String[]::new));
        assertEquals(0, list.exit(), list.toString());
        assertTrue(list.out().contains(src + "/many/d05/s0/link-to-d00"), list.toString());
    }

    /**
     * An original byteback server's shape: OpenSSH, and a forced command that runs stock rsync
     * --fake-super --server --sender from the store for the client's byteback-restore command. Stock
     * rsync takes 'i' and sends one list per directory; told --no-inc-recursive on its side it declines,
     * and the jar, which offered it, reads one complete list.
     */
    @Test
    void fromStockRsyncOverOpenSshWhichMayDecline() throws Exception {
        Path dir = server.scratch().resolve("openssh");
        Path store = Files.createDirectories(dir.resolve("store/current"));
        Path src = sourceTree(dir);
        Cmd.run(List.of("rsync", "-aHAX", "--numeric-ids", "--relative", "-M--fake-super", src.toString(), store + "/"),
                Map.of(), null, 300).ok();
        Path decline = dir.resolve("decline");
        Path restoreScript = restoreScript(dir, store.getParent(), decline);
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path key = conf.resolve("key");
        Cmd.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())).ok();
        try (OpenSshServer sshd = OpenSshServer.start(dir.resolve("sshd"),
                "command=\"" + restoreScript + "\",no-pty " + Files.readString(Path.of(key + ".pub")))) {
            Files.writeString(conf.resolve("destination"), "ssh://root@127.0.0.1:" + sshd.port() + "\n");
            Files.writeString(conf.resolve("known_hosts"), sshd.keyscan("ed25519"));
            Path sshConfig = Files.writeString(dir.resolve("ssh_config"), "");
            List<String> base = List.of("--config-dir", conf.toString(), "-F", sshConfig.toString());
            ClientJar jar = new ClientJar(dir);

            Path ref = Files.createDirectories(dir.resolve("ref"));
            String rsh = "ssh -o BatchMode=yes -o IdentitiesOnly=yes -o UserKnownHostsFile=" + conf.resolve("known_hosts")
                    + " -o StrictHostKeyChecking=yes -p " + sshd.port() + " -i " + key;
            long refStart = DirTimeRace.now();
            Cmd.Result stock = Cmd.run(stockRestore(rsh, "root@127.0.0.1:", src.toString()), Map.of(), ref, 600);
            assertEquals(0, stock.exit(), stock.toString());

            Path ours = Files.createDirectories(dir.resolve("ours"));
            long oursStart = DirTimeRace.now();
            Cmd.Result r = restore(jar, ours, base, List.of("-v"), src.toString());
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.err().contains(INCREMENTAL) && !r.err().contains(COMPLETE), "stock rsync took 'i': " + r);
            assertTrue(r.err().contains("Restoring:"), r.toString());
            assertRestoredAsStock(ref, refStart, ours, oursStart, "from stock rsync, incremental");

            Files.writeString(decline, "");
            Path full = Files.createDirectories(dir.resolve("full"));
            long fullStart = DirTimeRace.now();
            Cmd.Result declined = restore(jar, full, base, List.of("-v"), src.toString());
            assertEquals(0, declined.exit(), declined.toString());
            assertTrue(declined.err().contains("remote: ") && declined.err().contains("e.iLsfxCIvu"),
                    "'i' offered: " + declined);
            assertTrue(declined.err().contains(COMPLETE) && !declined.err().contains(INCREMENTAL),
                    "the server declined: " + declined);
            assertRestoredAsStock(ref, refStart, full, fullStart, "from stock rsync, declined");
        }
    }

    /**
     * 200 000 files (400 directories of 500, hard links across directories) restored from this
     * server into a jar whose heap is capped at 48 MiB: only the lists in flight are held, so it
     * completes and the restored tree equals the source (owners, modes, times, xattrs, hard links); the
     * same restore with --no-inc-recursive, one complete list, fails at that heap (the list's
     * estimate passes the receiver's limit, a quarter of the heap but at least 16 MiB).
     */
    @Test
    void twoHundredThousandFilesIntoASmallHeap() throws Exception {
        // in RAM when there is a tmpfs (it keeps user xattrs): 600 000 inodes on a shared disc are slow
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "clientincrestore")
                : Files.createDirectories(server.scratch().resolve("big"));
        try {
            Path src = dir.resolve("src");
            Cmd.run(List.of("python3", "-c", "import os,sys\nr=sys.argv[1]\nfor d in range(400):\n"
                    + " p=os.path.join(r,'dir%03d'%d)\n os.makedirs(p)\n"
                    + " for f in range(500): open(os.path.join(p,'file%d'%f),'w').close()\n"
                    + "for d in range(0,400,4):\n"
                    + " os.link(os.path.join(r,'dir%03d'%d,'file7'),os.path.join(r,'dir%03d'%(d+1),'link%d'%d))\n"
                    + "os.chown(os.path.join(r,'dir123','file9'),1234,5678)\n"
                    + "os.setxattr(os.path.join(r,'dir200','file1'),'user.note',b'x'*100)\n", src.toString()),
                    Map.of(), null, 600).ok();
            ClientKey key = ClientKey.create(server.scratch(), "web1");
            server.enrol("web1", key);
            // stored as stock rsync --fake-super stores it (what this server stores: RsyncBackupTest), locally: faster;
            // one full list: stock's receiver with incremental recursion may stamp a directory with the transfer's time
            Cmd.run(List.of("rsync", "-aHAX", "--numeric-ids", "--relative", "--no-inc-recursive", "-M--fake-super", src.toString(),
                    server.root().resolve("web1/current") + "/"), Map.of(), null, 600).ok();
            Path conf = confForThisServer(key);
            Path sshConfig = Files.writeString(server.scratch().resolve("ssh_config"), "");
            List<String> base = List.of("--config-dir", conf.toString(), "-F", sshConfig.toString());
            ClientJar small = new ClientJar(server.scratch()).withJvmOptions("-Xmx48m");

            Path ours = Files.createDirectories(dir.resolve("ours"));
            Cmd.Result r = restore(small, ours, base, List.of("-v"), src.toString());
            assertEquals(0, r.exit(), "the jar with -Xmx48m: " + r);
            System.out.println("200 000 files, -Xmx48m: " + r.err().lines().filter(l -> l.contains("byteback-restore:"))
                    .findFirst().orElse(""));
            assertTrue(r.err().contains(INCREMENTAL), r.toString());
            assertTrue(entries(r) > 200_500, "every entry listed: " + r);
            long t = System.nanoTime();
            assertEquals("", TreeSnapshot.of(src).diff(TreeSnapshot.of(ours.resolve("current" + src))),
                    "200 000 files: the restored tree equals the source");
            System.out.printf("compared in %.1f s%n", (System.nanoTime() - t) / 1e9);
            Trees.delete(ours);

            // one complete list: the receiver's file-list limit (a quarter of the heap, at least 16 MiB) ends it
            // before the heap runs out
            Path full = Files.createDirectories(dir.resolve("full"));
            Cmd.Result oom = restore(small, full, base, List.of("--no-inc-recursive"), src.toString());
            assertTrue(oom.exit() != 0 && oom.err().contains("file list exceeds its memory limit"),
                    "one complete list of 200 000 entries does not fit into 48 MiB: " + oom);
        } finally {
            if (dir.startsWith(shm)) Trees.delete(dir);
        }
    }

    private static Path sourceTree(Path dir) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        SourceTree.create(src);
        ClientIncrementalRecursionTest.manyDirectories(src + "/many");
        return src;
    }

    /** As the original client backs up: absolute paths kept (--relative), -HAX. */
    private void backUpWithStockRsync(ClientKey key, Path tree) throws Exception {
        Cmd.run(List.of("rsync", "--archive", "--xattrs", "--acls", "--hard-links", "--numeric-ids", "--delete-during",
                "--inplace", "--relative", "--timeout", "300", "--rsync-path", "rsync --fake-super", "-e", server.rsh(key),
                tree.toString(), "byteback@127.0.0.1:"), Map.of(), null, 900).ok();
    }

    private Path confForThisServer(ClientKey key) throws Exception {
        Path conf = Files.createDirectories(server.scratch().resolve("conf"));
        Files.copy(key.file(), conf.resolve("key"));
        Files.writeString(conf.resolve("destination"), "ssh://byteback@127.0.0.1:" + server.port() + "\n");
        Files.writeString(conf.resolve("known_hosts"), Cmd.run(List.of("ssh-keyscan", "-p", String.valueOf(server.port()),
                "127.0.0.1")).ok().out());
        return conf;
    }

    /** Stock rsync as the original client restores (its flags, plus -HAX and --trust-sender as rsync_flags). */
    private static List<String> stockRestore(String rsh, String host, String pattern) {
        return List.of("rsync", "--archive", "--numeric-ids", "--inplace", "--relative", "--compress", "--timeout", "300",
                "-e", rsh, "--rsync-path", "byteback-restore --fake-super --snapshot *", "--hard-links", "--acls",
                "--xattrs", "--trust-sender", host + pattern, ".");
    }

    private static Cmd.Result restore(ClientJar jar, Path cwd, List<String> base, List<String> options, String... patterns)
            throws Exception {
        return jar.run(cwd, 900, concat(List.of("restore", "--restore"), base, options, List.of(patterns))
                .toArray(String[]::new));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) all.addAll(p);
        return all;
    }

    /** The entry count of the jar's final line ("byteback-restore: N entries, ..."). */
    private static long entries(Cmd.Result r) {
        Matcher m = Pattern.compile("byteback-restore: (\\d+) entries").matcher(r.err());
        assertTrue(m.find(), r.toString());
        return Long.parseLong(m.group(1));
    }

    /** What the jar wrote equals what stock rsync wrote, entry for entry, as ClientRestoreTest compares. */
    private static void assertRestoredAsStock(Path ref, long refStart, Path ours, long oursStart, String what)
            throws Exception {
        // the working directory itself is not part of the transfer
        Files.setLastModifiedTime(ours, FileTime.fromMillis(0));
        Files.setLastModifiedTime(ref, FileTime.fromMillis(0));
        TreeSnapshot want = TreeSnapshot.of(ref);
        TreeSnapshot got = TreeSnapshot.of(ours);
        assertTrue(want.entries().size() > 1000, want.entries().size() + " entries");
        assertTrue(want.hardLinkGroups().size() >= 8, "hard links across directories: " + want.hardLinkGroups());
        assertTrue(want.toString().contains("user.shared"), "the long shared xattr restored");
        assertEquals("", DirTimeRace.diff(want, refStart, got, oursStart, false), what);
        assertEquals(want.hardLinkGroups(), got.hardLinkGroups(), what);
        assertEquals(ClientRestoreTest.statDump(ref), ClientRestoreTest.statDump(ours), what + ": types, sizes, devices");
        assertEquals(ClientRestoreTest.aclDump(ref), ClientRestoreTest.aclDump(ours), what + ": ACLs");
    }

    /**
     * The forced command of an original byteback server's shape for restores, as far as these tests go:
     * {@code byteback-restore --fake-super --snapshot S --server --sender OPTIONS . PATH...} runs stock
     * rsync's sender from {@code root} for current/PATH (patterns are plain paths here), with
     * --no-inc-recursive on its side when the file {@code decline} exists.
     */
    private static Path restoreScript(Path dir, Path root, Path decline) throws Exception {
        Path script = dir.resolve("restore");
        Files.writeString(script, "#!/bin/bash\nread -ra a <<<\"$SSH_ORIGINAL_COMMAND\"\n"
                + "[ \"${a[0]}\" = byteback-restore ] || { echo \"refused: $SSH_ORIGINAL_COMMAND\" >&2; exit 9; }\n"
                + "opts=(); paths=(); seen=; past=\n"
                + "for w in \"${a[@]:1}\"; do\n"
                + "  if [ -n \"$past\" ]; then paths+=(\"current$w\")\n"
                + "  elif [ \"$w\" = . ]; then past=1\n"
                + "  elif [ \"$w\" = --server ]; then seen=1; opts+=(\"$w\")\n"
                + "  elif [ -n \"$seen\" ]; then opts+=(\"$w\"); fi\n"
                + "done\n"
                + "echo Restoring: >&2; printf '%s\\n' \"${paths[@]}\" >&2\n"
                + "extra=(); [ -e " + decline + " ] && extra=(--no-inc-recursive)\n"
                + "cd " + root + " && exec /usr/bin/rsync --fake-super \"${extra[@]}\" \"${opts[@]}\" . \"${paths[@]}\"\n");
        script.toFile().setExecutable(true);
        return script;
    }
}
