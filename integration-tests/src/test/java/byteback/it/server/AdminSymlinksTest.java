package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.server.cli.Main;
import byteback.testsupport.LoopBtrfs;
import byteback.testsupport.Sh;
import byteback.testsupport.SpareUser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 7: the admin CLI run as root on a ROOT owned by the (unprivileged) store owner, who
 * has planted symlinks where the CLI writes: allow-growth, invite and enrol change nothing outside
 * ROOT and say why; without the symlinks what they create belongs to the store's owner.
 */
class AdminSymlinksTest {
    private LoopBtrfs fs;
    private SpareUser owner;
    private Path root;
    private Path victimDir;
    private Path victimFile;

    @BeforeEach
    void setUp() throws Exception {
        fs = LoopBtrfs.create("1G");
        owner = new SpareUser();
        root = fs.mountPoint();
        owner.own(root);
        victimDir = Files.createDirectory(fs.dir().resolve("victim-dir")); // root's, outside ROOT
        victimFile = Files.writeString(fs.dir().resolve("victim-file"), "root's own\n");
        assertEquals(0, cli("enrol", "--root", root.toString(), "--name", "alpha", "--key", key("a").pub().toString()));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            owner.close();
        } finally {
            fs.close();
        }
    }

    private ClientKey key(String name) throws Exception {
        return ClientKey.create(fs.dir(), name);
    }

    private String lastErr = "";

    private int cli(String... args) {
        PrintStream was = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setErr(was);
            lastErr = err.toString(StandardCharsets.UTF_8);
        }
    }

    /** A symlink made by the store's owner, as the attack would. */
    private void plant(Path link, Path target) throws Exception {
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, target);
        Sh.ok("chown", "-h", owner.uid + ":" + owner.gid, link.toString());
    }

    private void assertVictimsUntouched() throws Exception {
        try (var s = Files.list(victimDir)) {
            assertEquals(List.of(), s.toList(), "nothing was created outside ROOT");
        }
        assertEquals("root's own\n", Files.readString(victimFile));
        assertEquals(0, (Integer) Files.getAttribute(victimFile, "unix:uid"));
    }

    private int uid(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void allowGrowthNeverFollowsASymlinkAndLeavesAFileTheServerCanDelete() throws Exception {
        Path allow = root.resolve(".byteback/allow-growth");
        plant(allow, victimDir);
        assertNotEquals(0, cli("allow-growth", "--root", root.toString(), "--name", "alpha"));
        assertTrue(lastErr.contains("symlink"), lastErr);
        assertVictimsUntouched();

        Files.delete(allow);
        plant(allow.resolve("alpha"), victimFile);
        Sh.ok("chown", owner.uid + ":" + owner.gid, allow.toString());
        assertNotEquals(0, cli("allow-growth", "--root", root.toString(), "--name", "alpha"));
        assertVictimsUntouched();

        Files.delete(allow.resolve("alpha"));
        assertEquals(0, cli("allow-growth", "--root", root.toString(), "--name", "alpha"), lastErr);
        assertEquals(owner.uid, uid(allow.resolve("alpha")));
        // the server, running as the store's owner, uses the permission up
        assertEquals(0, Sh.run(owner.command(List.of("rm", allow.resolve("alpha").toString())), 30).exitCode());
    }

    @Test
    void inviteAndEnrolNeverFollowASymlink() throws Exception {
        Path invites = root.resolve(".byteback/invites");
        Files.deleteIfExists(invites);
        plant(invites, victimDir);
        assertNotEquals(0, cli("invite", "--root", root.toString(), "--name", "beta"));
        assertVictimsUntouched();
        Files.delete(invites);

        Path keys = root.resolve(".ssh/authorized_keys");
        String before = Files.readString(keys);
        Files.move(keys, keys.resolveSibling("saved"));
        plant(keys, victimFile);
        assertNotEquals(0, cli("enrol", "--root", root.toString(), "--name", "gamma", "--key", key("g").pub().toString()));
        assertVictimsUntouched();
        Files.delete(keys);
        Files.move(keys.resolveSibling("saved"), keys);

        Path lock = root.resolve(".ssh/.authorized_keys.lock");
        Files.deleteIfExists(lock);
        plant(lock, victimFile);
        assertNotEquals(0, cli("enrol", "--root", root.toString(), "--name", "delta", "--key", key("d").pub().toString()));
        assertVictimsUntouched();
        assertEquals(before, Files.readString(keys), "authorized_keys unchanged");

        Files.delete(lock);
        assertEquals(0, cli("enrol", "--root", root.toString(), "--name", "delta", "--key", key("d2").pub().toString()), lastErr);
        assertEquals(0, cli("invite", "--root", root.toString(), "--name", "epsilon"), lastErr);
        assertEquals(owner.uid, uid(keys));
        assertEquals(owner.uid, uid(lock));
        try (var s = Files.list(root.resolve(".byteback/invites"))) {
            for (Path p : s.toList()) assertEquals(owner.uid, uid(p), p.toString());
        }
        assertFalse(Files.isSymbolicLink(root.resolve(".byteback/invites")));
    }
}
