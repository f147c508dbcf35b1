package byteback.it.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.it.support.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * byteback-backup with the jar (no rsync or ssh on its PATH) into this server: the stored tree is
 * what stock rsync --fake-super stores from the same source with byteback's flags, and the
 * snapshot is requested.
 */
class ClientBackupTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    @Test
    void backsUpANastyTree() throws Exception {
        Path src = server.scratch().resolve("src");
        String s = src.toString();
        nastyTree(s);
        ClientKey key = ClientKey.create(server.scratch(), "key");
        server.enrol("web1", key);
        Path conf = Files.createDirectories(server.scratch().resolve("conf"));
        Files.copy(key.file(), conf.resolve("key"));
        Files.writeString(conf.resolve("destination"), "ssh://byteback@127.0.0.1:" + server.port() + "\n");
        Files.writeString(conf.resolve("known_hosts"), Cmd.run(List.of("ssh-keyscan", "-p", String.valueOf(server.port()),
                "127.0.0.1")).ok().out());
        Files.writeString(conf.resolve("rsync_flags"), "--hard-links\n--acls\n");
        Path ssh = Files.writeString(server.scratch().resolve("ssh_config"), "");
        ClientJar jar = new ClientJar(server.scratch());
        Cmd.Result r = jar.run("backup", "--config-dir", conf.toString(), "-F", ssh.toString(), "--lock-file",
                server.scratch().resolve("lock").toString(), "--source", s, "--exclude", s + "/junk", "-r", "0", "-v");
        assertEquals(0, r.exit(), r.toString());

        Path cur = server.root().resolve("web1/current");
        assertStoredAsStockRsyncStores(server.scratch(), s, cur);
        assertTrue(r.err().contains("byteback-backup:"), r.toString());
        try (var snaps = Files.list(server.root().resolve("web1"))) {
            assertEquals(1, snaps.filter(p -> !p.getFileName().toString().equals("current")).count(), "snapshot taken");
        }

        // an incremental run after a 100-byte edit in the middle of the 3 MB file: the edit moves, not the file
        Cmd.run(List.of("sh", "-c", "printf '%0100d' 7 | dd of=" + s + "/big bs=1 seek=1500000 conv=notrunc status=none")).ok();
        Cmd.Result again = jar.run("backup", "--config-dir", conf.toString(), "-F", ssh.toString(), "--lock-file",
                server.scratch().resolve("lock").toString(), "--source", s, "--exclude", s + "/junk", "-r", "0", "-v");
        assertEquals(0, again.exit(), again.toString());
        assertEquals(Files.mismatch(src.resolve("big"), cur.resolve(s.substring(1)).resolve("big")), -1L, "edit stored");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("files, ([0-9.]+) (B|KiB|MiB) sent").matcher(again.err());
        assertTrue(m.find(), again.toString());
        double kib = Double.parseDouble(m.group(1)) * (m.group(2).equals("B") ? 1.0 / 1024 : m.group(2).equals("KiB") ? 1 : 1024);
        System.out.println("bytes on the wire for a 100-byte edit in a 3 MB file: " + m.group(1) + " " + m.group(2));
        assertTrue(kib < 64, "a small edit moves little: " + m.group(0));
    }

    @Test
    void bwlimitPacesWhatTheJarSends() throws Exception {
        // 1 MiB of random data at --bwlimit=50 (KiB/s) takes at least 20 s however fast the machine is (unpaced: ~7 s
        // here, loaded, JVM start included)
        Path src = Files.createDirectories(server.scratch().resolve("src"));
        Cmd.run(List.of("sh", "-c", "head -c 1048576 /dev/urandom > " + src + "/random")).ok();
        ClientKey key = ClientKey.create(server.scratch(), "key");
        server.enrol("web1", key);
        Path conf = Files.createDirectories(server.scratch().resolve("conf"));
        Files.copy(key.file(), conf.resolve("key"));
        Files.writeString(conf.resolve("destination"), "ssh://byteback@127.0.0.1:" + server.port() + "\n");
        Files.writeString(conf.resolve("known_hosts"), Cmd.run(List.of("ssh-keyscan", "-p", String.valueOf(server.port()),
                "127.0.0.1")).ok().out());
        Files.writeString(conf.resolve("rsync_flags"), "--bwlimit=50\n");
        Path ssh = Files.writeString(server.scratch().resolve("ssh_config"), "");
        long start = System.nanoTime();
        Cmd.Result r = new ClientJar(server.scratch()).run("backup", "--config-dir", conf.toString(), "-F", ssh.toString(),
                "--lock-file", server.scratch().resolve("lock").toString(), "--source", src.toString(), "-r", "0", "-v");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, r.exit(), r.toString());
        assertEquals(-1L, Files.mismatch(src.resolve("random"), server.root().resolve("web1/current" + src + "/random")));
        System.out.printf("--bwlimit=50: 1 MiB backed up in %.1f s%n", seconds);
        assertTrue(seconds >= 19.5, "1 MiB at 50 KiB/s took only " + seconds + " s: --bwlimit was not obeyed\n" + r);
        assertTrue(r.err().contains("--bwlimit=50:") && r.err().contains("spent pacing"), r.toString());
    }

    /** Owners, devices, a fifo, symlinks, hard links, ACLs (default too), xattrs, a sparse file, an odd name, junk/ to exclude. */
    static void nastyTree(String s) throws Exception {
        Cmd.run(List.of("sh", "-c", "set -e; mkdir -p " + s + "/d/sub; cd " + s
                + "; echo hello > d/file; ln d/file d/hardlink; ln -s ../d/file d/link; mkfifo fifo; mknod chardev c 1 3;"
                + " head -c 3000000 /dev/urandom > big; truncate -s 5M sparse; chown 1234:5678 d/file; chmod 4751 d/file;"
                + " setfattr -n user.note -v hi d/file; setfacl -m u:1001:rx,g:1002:r d/sub; setfacl -d -m u:1003:rwx d/sub;"
                + " mkdir junk; echo j > junk/x; python3 -c \"open(b'odd \\xff name', 'w').write('x')\"")).ok();
    }

    /**
     * The tree stored in {@code store} (from source {@code s}, junk/ excluded) equals what stock rsync with
     * byteback's flags (and -HA) stores into rsync --fake-super from the same source.
     */
    static void assertStoredAsStockRsyncStores(Path scratch, String s, Path store) throws Exception {
        assertStoredAsStockRsyncStores(scratch, List.of(s), s, List.of("--exclude", s + "/junk"), store,
                List.of("user.rsync.%stat", "user.rsync.%aacl", "user.note"));
    }

    /**
     * The tree stored in {@code store} from {@code sources} (--relative, so with their parents) equals, beneath
     * {@code under}, what stock rsync with byteback's flags (and -HA, {@code extra} such as excludes) stores
     * into rsync --fake-super from the same sources (into scratch/ref: a second call updates it, deleting as
     * the backup does); the xattr dumps must show each of {@code xattrsSeen}.
     */
    static void assertStoredAsStockRsyncStores(Path scratch, List<String> sources, String under, List<String> extra,
            Path store, List<String> xattrsSeen) throws Exception {
        Path ref = Files.createDirectories(scratch.resolve("ref"));
        Path rsh = scratch.resolve("rsh");
        Files.writeString(rsh, "#!/bin/sh\nshift\nexec sh -c \"$*\"\n");
        rsh.toFile().setExecutable(true);
        List<String> cmd = new java.util.ArrayList<>(List.of("rsync", "--archive", "--xattrs", "--numeric-ids",
                "--delete-excluded", "--delete-during", "--inplace", "--relative", "--hard-links", "--acls"));
        cmd.addAll(extra);
        // one full list: stock rsync's receiver with incremental recursion now and then leaves a directory
        // stamped with the time of the transfer (DirTimeRace); the stored tree is the same either way
        cmd.add("--no-inc-recursive");
        cmd.addAll(List.of("-e", rsh.toString(), "--rsync-path", "rsync --fake-super"));
        cmd.addAll(sources);
        cmd.add("x:" + ref + "/");
        Cmd.run(cmd, Map.of(), null, 600).ok();
        // types, content, on-disc modes, owners, times, hard links: rsync's own comparison (without -X: as root rsync
        // treats user.rsync.* names as its own and reports them changed even when equal) ...
        Cmd.Result diff = Cmd.run(List.of("rsync", "-nrlptgoDHc", "--numeric-ids", "--delete", "--itemize-changes",
                store + under + "/", ref + under + "/"), Map.of(), null, 600);
        assertEquals(0, diff.exit(), diff.toString());
        assertEquals("", diff.out(), "stored tree equals stock rsync --fake-super's");
        // ... and every xattr (the fake-super %stat/%aacl/%dacl and the client's own) by getfattr, path by path
        var stored = TreeSnapshot.xattrsUnder(Path.of(store + under));
        for (String x : xattrsSeen) {
            assertTrue(stored.values().stream().anyMatch(names -> names.containsKey(x)), x + " stored: " + stored);
        }
        assertEquals(TreeSnapshot.xattrsUnder(Path.of(ref + under)), stored, "xattrs, path by path");
    }
}
