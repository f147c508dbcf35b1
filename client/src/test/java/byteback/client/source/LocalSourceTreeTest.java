package byteback.client.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local tree through the sender role: stock rsync 3.5.0 pulls a nasty local tree (-aHAX,
 * numeric ids) from our sender reading it through LocalSourceTree, and from stock rsync reading it
 * itself; both copies are the same entry for entry (rsync -n -c --itemize-changes finds nothing).
 */
class LocalSourceTreeTest {
    @TempDir
    Path dir;

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new AssertionError(cmd + " failed:\n" + out);
        return out;
    }

    @Test
    void stockRsyncPullsTheSameTreeFromOurSender() throws Exception {
        Path t = dir.resolve("tree");
        String s = t.toString();
        run(List.of("sh", "-c", "set -e; mkdir -p " + s + "/d/sub; cd " + s
                + "; echo hello > d/file; ln d/file d/hardlink; ln -s ../d/file d/link; mkfifo fifo; mknod chardev c 1 3;"
                + " head -c 300000 /dev/urandom > big; chown 1234:5678 d/file; chmod 4751 d/file;"
                + " setfattr -n user.note -v hi d/file; setfattr -n trusted.secret -v 42 d/file;"
                + " setfacl -m u:1001:rx,g:1002:r d/sub; setfacl -d -m u:1003:rwx d/sub;"
                + " python3 -c \"open(b'odd \\xff name', 'w').write('x')\""));
        Path rsh = dir.resolve("rsh");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(rsh, "#!/bin/sh\nshift\nexec " + java + " -Droot=" + dir + " -cp '" + System.getProperty("java.class.path") + "' "
                + LocalSenderMain.class.getName() + " \"$@\"\n");
        rsh.toFile().setExecutable(true);
        Path ours = dir.resolve("ours");
        Path stock = dir.resolve("stock");
        run(List.of("rsync", "-aHAX", "--numeric-ids", "-e", rsh.toString(), "localhost:tree/", ours + "/"));
        run(List.of("rsync", "-aHAX", "--numeric-ids", s + "/", stock + "/"));
        String diff = run(List.of("rsync", "-naHAXc", "--numeric-ids", "--delete", "--itemize-changes", ours + "/", stock + "/"));
        assertEquals("", diff);
        String acl = run(List.of("getfacl", "-n", "-p", ours + "/d/sub"));
        assertEquals(true, acl.contains("user:1001:r-x") && acl.contains("default:user:1003:rwx"), acl);
    }
}
