package byteback.it.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.testsupport.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The jar's backup with incremental recursion (it offers 'i' as stock rsync's client does; the
 * receiver takes it): one file list per directory, sent between the file data. Into this server
 * and into stock rsync 3.5.0 behind OpenSSH (an original byteback server's shape), a tree of many
 * directories with hard links across them, shared xattrs, ACLs and every file type is stored as
 * stock rsync (byteback's flags, -HA) stores it, on a first run and on a second after deletions,
 * retypings and new links across many directories; several --relative sources with implied
 * parent directories the same; with --no-inc-recursive in rsync_flags one complete list goes.
 * And 200 000 files go from a jar whose heap is capped at 48 MiB, where one complete list does
 * not fit.
 */
class ClientIncrementalRecursionTest {
    private static final String INCREMENTAL = "file list: incremental";
    private static final String COMPLETE = "file list: one complete list";

    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    @Test
    void manyDirectoriesIntoThisServerTwoRuns() throws Exception {
        String s = server.scratch().resolve("src").toString();
        ClientBackupTest.nastyTree(s);
        manyDirectories(s + "/many");
        Path conf = confForThisServer("--hard-links --acls\n");
        Path cur = server.root().resolve("web1/current");
        for (int run = 1; run <= 2; run++) {
            if (run == 2) editAcrossDirectories(s + "/many");
            Cmd.Result r = backup(new ClientJar(server.scratch()), server.scratch(), conf, List.of(s), s + "/junk");
            assertEquals(0, r.exit(), "run " + run + ": " + r);
            assertTrue(r.err().contains(INCREMENTAL), "run " + run + " used incremental recursion: " + r);
            ClientBackupTest.assertStoredAsStockRsyncStores(server.scratch(), s, cur);
        }
        assertFalse(Files.exists(cur.resolve(s.substring(1) + "/many/d00/s1")), "deleted directories are gone");
    }

    /** -R: the sources' parents are implied directories, sent one level per list. */
    @Test
    void severalRelativeSourcesWithImpliedDirectories() throws Exception {
        String s = server.scratch().resolve("src").toString();
        ClientBackupTest.nastyTree(s);
        manyDirectories(s + "/many");
        List<String> sources = List.of(s + "/many/d04/s1", s + "/many/d07", s + "/d/sub", s + "/many/d11/s2/f3",
                s + "/many/d13", s + "/many/d05");
        Path conf = confForThisServer("--hard-links --acls\n");
        for (int run = 1; run <= 2; run++) {
            if (run == 2) editAcrossDirectories(s + "/many");
            Cmd.Result r = backup(new ClientJar(server.scratch()), server.scratch(), conf, sources, "/nothing");
            assertEquals(0, r.exit(), "run " + run + ": " + r);
            assertTrue(r.err().contains(INCREMENTAL), r.toString());
            ClientBackupTest.assertStoredAsStockRsyncStores(server.scratch(), sources, s, List.of(),
                    server.root().resolve("web1/current"), List.of("user.rsync.%dacl", "user.shared"));
        }
    }

    /** rsync_flags' --no-inc-recursive: one complete list, as stock rsync's client sends then. */
    @Test
    void noIncRecursiveSendsOneCompleteList() throws Exception {
        String s = server.scratch().resolve("src").toString();
        ClientBackupTest.nastyTree(s);
        manyDirectories(s + "/many");
        Path conf = confForThisServer("--hard-links --acls --no-inc-recursive\n");
        Cmd.Result r = backup(new ClientJar(server.scratch()), server.scratch(), conf, List.of(s), s + "/junk");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains(COMPLETE) && !r.err().contains(INCREMENTAL), r.toString());
        ClientBackupTest.assertStoredAsStockRsyncStores(server.scratch(), s, server.root().resolve("web1/current"));
    }

    @Test
    void manyDirectoriesIntoStockRsyncOverOpenSshTwoRuns() throws Exception {
        Path dir = server.scratch().resolve("openssh");
        Path store = Files.createDirectories(dir.resolve("store"));
        String s = dir.resolve("src").toString();
        ClientBackupTest.nastyTree(s);
        manyDirectories(s + "/many");
        try (OriginalServer original = OriginalServer.start(dir, store, "--hard-links --acls\n")) {
            for (int run = 1; run <= 2; run++) {
                if (run == 2) editAcrossDirectories(s + "/many");
                Cmd.Result r = backup(new ClientJar(dir), dir, original.conf, List.of(s), s + "/junk");
                assertEquals(0, r.exit(), "run " + run + ": " + r);
                assertTrue(r.err().contains(INCREMENTAL), "run " + run + " used incremental recursion: " + r);
                ClientBackupTest.assertStoredAsStockRsyncStores(dir, s, store);
            }
        }
    }

    /**
     * 200 000 files (400 directories of 500) from a jar with a 48 MiB heap into stock rsync: only the
     * lists in flight are held, so it completes (one complete list takes ~80 MiB of heap here: the same
     * backup with --no-inc-recursive fails with an OutOfMemoryError) and the store equals stock rsync's.
     */
    @Test
    void twoHundredThousandFilesFromASmallHeap() throws Exception {
        // in RAM when there is a tmpfs (it keeps user xattrs): 400 000 inodes on a shared disc are slow
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "clientinc-big")
                : Files.createDirectories(server.scratch().resolve("big"));
        try {
            Path store = Files.createDirectories(dir.resolve("store"));
            String s = dir.resolve("src").toString();
            Cmd.run(List.of("python3", "-c", "import os,sys\nfor d in range(400):\n p=os.path.join(sys.argv[1],'dir%03d'%d)\n"
                    + " os.makedirs(p)\n for f in range(500): open(os.path.join(p,'file%d'%f),'w').close()\n", s),
                    java.util.Map.of(), null, 600).ok();
            try (OriginalServer original = OriginalServer.start(dir, store, "--hard-links --acls\n")) {
                Cmd.Result r = backup(new ClientJar(dir).withJvmOptions("-Xmx48m"), dir, original.conf, List.of(s),
                        "/nothing");
                assertEquals(0, r.exit(), "the jar with -Xmx48m: " + r);
                assertTrue(r.err().contains(INCREMENTAL), r.toString());
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("byteback-backup: (\\d+) files").matcher(r.err());
                assertTrue(m.find() && Long.parseLong(m.group(1)) > 200_400, "every entry listed: " + r);
            }
            ClientBackupTest.assertStoredAsStockRsyncStores(dir, List.of(s), s, List.of(), store, List.of());
        } finally {
            if (dir.startsWith(shm)) Trees.delete(dir);
        }
    }

    /** An original byteback server's shape: OpenSSH's sshd whose forced command runs stock rsync into {@code store}. */
    private static final class OriginalServer implements AutoCloseable {
        final OpenSshServer sshd;
        final Path conf;

        private OriginalServer(OpenSshServer sshd, Path conf) {
            this.sshd = sshd;
            this.conf = conf;
        }

        static OriginalServer start(Path dir, Path store, String rsyncFlags) throws Exception {
            Path receive = OpenSshBackupTest.receiveScript(dir, store, dir.resolve("completed"));
            Path conf = Files.createDirectories(dir.resolve("conf"));
            Path key = conf.resolve("key");
            Cmd.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())).ok();
            OpenSshServer sshd = OpenSshServer.start(dir.resolve("sshd"),
                    "command=\"" + receive + "\",no-pty " + Files.readString(Path.of(key + ".pub")));
            Files.writeString(conf.resolve("destination"), "ssh://root@127.0.0.1:" + sshd.port() + "\n");
            Files.writeString(conf.resolve("known_hosts"), sshd.keyscan("ed25519"));
            Files.writeString(conf.resolve("rsync_flags"), rsyncFlags);
            return new OriginalServer(sshd, conf);
        }

        @Override
        public void close() throws Exception {
            sshd.close();
        }
    }

    /** A config dir for client web1 of this server with these rsync_flags. */
    private Path confForThisServer(String rsyncFlags) throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "key");
        server.enrol("web1", key);
        Path conf = Files.createDirectories(server.scratch().resolve("conf"));
        Files.copy(key.file(), conf.resolve("key"));
        Files.writeString(conf.resolve("destination"), "ssh://byteback@127.0.0.1:" + server.port() + "\n");
        Files.writeString(conf.resolve("known_hosts"), Cmd.run(List.of("ssh-keyscan", "-p", String.valueOf(server.port()),
                "127.0.0.1")).ok().out());
        Files.writeString(conf.resolve("rsync_flags"), rsyncFlags);
        return conf;
    }

    private static Cmd.Result backup(ClientJar jar, Path dir, Path conf, List<String> sources, String exclude)
            throws Exception {
        Path sshConfig = Files.writeString(dir.resolve("ssh_config"), "");
        List<String> args = new ArrayList<>(List.of("backup", "--config-dir", conf.toString(), "--ssh-config",
                sshConfig.toString(), "--lock-file", dir.resolve("lock").toString(), "--exclude", exclude, "-r", "0",
                "-v", "--source"));
        args.addAll(sources);
        return jar.run(null, 1200, args.toArray(new String[0]));
    }

    /**
     * 30 directories of 3 subdirectories of 10 files and a file; the same long xattr on files of many lists,
     * an xattr on directories, hard-link groups spanning directories (and lists), ACLs, nested empty directories.
     */
    static void manyDirectories(String root) throws Exception {
        sh("mkdir -p '" + root + "' && cd '" + root + "'\n"
                + "for d in $(seq -w 0 29); do for k in 0 1 2; do mkdir -p d$d/s$k\n"
                + "  for f in 0 1 2 3 4 5 6 7 8 9; do echo \"$d/$k/$f\" > d$d/s$k/f$f; done; done; echo top$d > d$d/top; done\n"
                + "v=$(head -c 200 /dev/zero | tr '\\0' v)\n"
                + "for d in 00 05 10 15 20 25; do setfattr -n user.shared -v $v d$d/s1/f2; setfattr -n user.dir -v d$d d$d/s2; done\n"
                + "for d in 01 05 09 13 17 21 25 29; do ln d00/s0/f1 d$d/s0/link-to-d00; ln d$d/s2/f5 d$d/link; done\n"
                + "setfacl -m u:1001:r d03/s0/f3; setfacl -d -m u:1003:rwx d04/s1; chown -R 2001:2002 d13\n"
                + "mkdir -p empty/deeper/deepest\n");
    }

    /** Deletes files in every directory and whole subdirectories, turns directories into files, adds files and links. */
    static void editAcrossDirectories(String root) throws Exception {
        sh("cd '" + root + "'\n"
                + "for d in $(seq -w 0 29); do rm d$d/s0/f$((10#$d % 10))\n"
                + "  if [ $((10#$d % 3)) = 0 ]; then rm -rf d$d/s1; fi\n"
                + "  if [ $((10#$d % 7)) = 1 ]; then rm -rf d$d/s2; echo 'a file now' > d$d/s2; fi\n"
                + "  if [ $((10#$d % 5)) = 2 ]; then echo \"added $d\" > d$d/s0/added; fi\n"
                + "done\n"
                + "rm d05/s0/link-to-d00; ln d00/s0/f1 d06/new-link; rm -rf empty/deeper\n"
                + "mkdir -p new/a/b; echo new > new/a/b/file; ln new/a/b/file d12/s2/linked-to-new\n");
    }

    private static void sh(String script) throws Exception {
        Cmd.run(List.of("bash", "-c", "set -e\n" + script), java.util.Map.of(), null, 300).ok();
    }
}
