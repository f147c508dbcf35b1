package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import byteback.it.support.ClientKey;
import byteback.server.cli.Main;
import byteback.server.ssh.ByteBackServer;
import byteback.server.store.Store;
import byteback.testsupport.LoopBtrfs;
import byteback.testsupport.Sh;
import byteback.testsupport.SpareUser;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 3: ROOT/.ssh, ROOT/.byteback and each ROOT/client are 0700 and belong to ROOT's
 * owner — made so by serve at start on an existing store (made at the default umask by an older
 * version, some of it root's) and by enrol — while modes inside current stay as stored, and a
 * symlink in ROOT is not followed.
 */
class PrivateDirectoriesTest {
    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static int uid(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void serveAndEnrolMakeTheStoresDirectoriesPrivate() throws Exception {
        try (LoopBtrfs fs = LoopBtrfs.create("1G"); SpareUser owner = new SpareUser()) {
            Path root = fs.mountPoint();
            owner.own(root);
            for (String d : new String[] {".ssh", ".byteback", "old"}) {
                Files.createDirectory(root.resolve(d));
                Files.setPosixFilePermissions(root.resolve(d), PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Sh.ok("btrfs", "subvolume", "create", root.resolve("old/current").toString());
            Path open = Files.createDirectory(root.resolve("old/current/pub"));
            Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx")); // as a client stored it
            Path victim = Files.createDirectories(fs.dir().resolve("victim/current"));
            Files.setPosixFilePermissions(victim.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createSymbolicLink(root.resolve("planted"), victim.getParent());

            try (ByteBackServer server = ByteBackServer.start(ByteBackServer.Settings.of(new Store(root), 0))) {
                for (String d : new String[] {".ssh", ".byteback", "old"}) {
                    assertEquals("rwx------", mode(root.resolve(d)), d);
                    assertEquals(owner.uid, uid(root.resolve(d)), d);
                }
                assertEquals("rwxrwxrwx", mode(open), "modes inside current stay as stored");
                assertEquals("rwxr-xr-x", mode(victim.getParent()), "a symlink in ROOT is not followed");
                assertEquals(0, uid(victim.getParent()));

                ClientKey key = ClientKey.create(fs.dir(), "k");
                assertEquals(0, Main.run("enrol", "--root", root.toString(), "--name", "fresh", "--key", key.pub().toString()));
                assertEquals("rwx------", mode(root.resolve("fresh")));
                assertEquals(owner.uid, uid(root.resolve("fresh")));
            }
        }
    }
}
