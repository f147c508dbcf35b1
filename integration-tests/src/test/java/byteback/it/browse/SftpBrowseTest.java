package byteback.it.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.it.support.TreeSnapshot;
import byteback.server.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OpenSSH's sftp in batch mode against the read-only view: a client lists and fetches its own
 * snapshots with the owners, modes and types of its files; every change and every way out is refused.
 */
class SftpBrowseTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    private Cmd.Result sftp(ClientKey key, String... commands) throws Exception {
        Path batch = Files.createTempFile(server.scratch(), "batch", ".txt");
        Files.writeString(batch, String.join("\n", commands) + "\n");
        List<String> cmd = new ArrayList<>(List.of("sftp", "-b", batch.toString(), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=" + server.knownHosts(), "-o", "IdentitiesOnly=yes", "-i", key.file().toString(),
                "-P", String.valueOf(server.port()), "byteback@127.0.0.1"));
        return Cmd.run(cmd, Map.of(), server.scratch(), 120);
    }

    private static void sh(String... cmd) throws Exception {
        Cmd.run(List.of(cmd)).ok();
    }

    @Test
    void sftpBrowsesReadOnlyAndNeverLeavesTheClientsDirectory() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "web1");
        server.enrol("web1", key);
        ClientKey other = ClientKey.create(server.scratch(), "secret-neighbour");
        server.enrol("secret-neighbour", other);
        Files.writeString(server.root().resolve("secret-neighbour/current/private"), "not yours\n");

        Path src = server.scratch().resolve("src");
        Files.createDirectories(src.resolve("etc/sub"));
        Files.writeString(src.resolve("etc/hello.txt"), "hello from the backup\n");
        Files.writeString(src.resolve("etc/setuid"), "#!/bin/sh\n");
        sh("chown", "1234:4321", src.resolve("etc/setuid").toString()); // before chmod: chown clears set-uid
        sh("chmod", "4755", src.resolve("etc/setuid").toString());
        Files.createSymbolicLink(src.resolve("etc/passwd-link"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(src.resolve("etc/up-link"), Path.of("../../../../../../../../etc"));
        sh("mkfifo", src.resolve("etc/fifo").toString());
        List<String> rsync = new ArrayList<>(List.of("rsync", "--archive", "--xattrs", "--numeric-ids", "--specials",
                "--inplace", "--relative", "--timeout", "60", "-e", server.rsh(key), src.toString(), "byteback@127.0.0.1:"));
        Cmd.run(rsync, Map.of(), null, 300).ok();
        server.ssh(key, "byteback-receive", "--complete").ok();
        String snap = new Store(server.root()).snapshots("web1").get(0).name();
        String etc = "/" + snap + src + "/etc";
        TreeSnapshot before = TreeSnapshot.of(server.root().resolve("web1"));

        Cmd.Result top = sftp(key, "ls -1a /");
        assertEquals(0, top.exit(), top.toString());
        assertTrue(top.out().contains("current") && top.out().contains(snap), top.toString());
        assertFalse(top.out().contains("secret-neighbour") || top.out().contains(".ssh"), top.toString());

        Cmd.Result ls = sftp(key, "ls -l " + etc);
        assertEquals(0, ls.exit(), ls.toString());
        assertTrue(ls.out().matches("(?s).*-rwsr-xr-x +\\d+ +1234 +4321 .*setuid.*"), ls.toString());
        assertTrue(ls.out().matches("(?s).*lrwxrwxrwx .*passwd-link.*"), ls.out());
        assertTrue(ls.out().matches("(?s).*prw-r--r-- .*fifo.*"), ls.out());
        assertTrue(ls.out().matches("(?s).*drwxr-xr-x .*sub.*"), ls.out());

        Path got = server.scratch().resolve("got.txt");
        Cmd.Result get = sftp(key, "get " + etc + "/hello.txt " + got, "get /current" + src + "/etc/hello.txt " + got + ".2");
        assertEquals(0, get.exit(), get.toString());
        assertEquals("hello from the backup\n", Files.readString(got));
        assertEquals("hello from the backup\n", Files.readString(Path.of(got + ".2")));

        // a stored symlink is a link, never followed on the server: reading it is refused
        Path leak = server.scratch().resolve("leak");
        Cmd.Result viaLink = sftp(key, "get " + etc + "/passwd-link " + leak);
        assertNotEquals(0, viaLink.exit(), viaLink.toString());
        assertFalse(Files.exists(leak) && Files.readString(leak).contains("root:"), "followed a link on the server");
        Cmd.Result throughLink = sftp(key, "-ls -1 " + etc + "/up-link/", "-ls -1 " + etc + "/up-link/sub");
        assertFalse(throughLink.out().contains("passwd") || throughLink.out().contains("hostname"), throughLink.toString());
        assertNotEquals(0, sftp(key, "get " + etc + "/up-link/passwd " + leak).exit());

        // nothing outside the client's directory: .. and absolute paths stop at its top
        for (String escape : List.of("get ../secret-neighbour/current/private " + leak,
                "get /../secret-neighbour/current/private " + leak, "get /etc/passwd " + leak,
                "get ../../../../etc/passwd " + leak, "get " + etc + "/../../../../../../../../etc/passwd " + leak)) {
            Cmd.Result r = sftp(key, escape);
            assertNotEquals(0, r.exit(), escape + ": " + r);
            assertFalse(Files.exists(leak), escape + " fetched something");
        }
        Cmd.Result up = sftp(key, "cd ../../..", "ls -1a");
        assertEquals(0, up.exit(), up.toString());
        assertFalse(up.out().contains("secret-neighbour") || up.out().contains(".ssh"), up.toString());

        // every change is refused
        Path local = server.scratch().resolve("upload.txt");
        Files.writeString(local, "new\n");
        for (String change : List.of("put " + local + " /current/upload.txt", "put " + local + " " + etc + "/upload.txt",
                "rename " + etc + "/hello.txt " + etc + "/moved.txt", "rm " + etc + "/hello.txt", "rm /current" + src + "/etc/hello.txt",
                "mkdir /current/newdir", "rmdir " + etc + "/sub", "ln -s /etc/passwd /current/evil", "ln " + etc + "/hello.txt /current/hard",
                "chmod 777 " + etc + "/hello.txt", "chown 0 " + etc + "/hello.txt", "chgrp 0 " + etc + "/hello.txt",
                "symlink hello.txt " + etc + "/new-link")) {
            Cmd.Result r = sftp(key, change);
            assertNotEquals(0, r.exit(), change + ": " + r);
        }
        assertEquals(before, TreeSnapshot.of(server.root().resolve("web1")), "the store changed");
        assertEquals("not yours\n", Files.readString(server.root().resolve("secret-neighbour/current/private")));
    }
}
