package byteback.client.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local tree against independent tools on a nasty tree (run as root, as backups run):
 * find(1) for the names (raw bytes), stat(1) for type, mode, owner, size, mtime, device numbers,
 * inode and links, getfattr(1) for xattrs of every namespace and getfacl(1) for ACLs.
 */
class LocalTreeTest {
    @TempDir
    Path dir;

    /** Runs cmd, its errors to ours; its output, or an AssertionError when it fails. */
    static byte[] run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) throw new AssertionError(String.join(" ", cmd) + " failed");
        return out;
    }

    private Path nastyTree() throws Exception {
        Path t = dir.resolve("tree");
        String s = t.toString();
        run("sh", "-c", "set -e; mkdir -p " + s + "/d/sub; cd " + s
                + "; echo hello > d/file; ln d/file d/hardlink; ln -s ../d/file d/link; ln -s /nonexistent dangling;"
                + " mkfifo fifo; mknod chardev c 1 3; mknod blockdev b 7 200; truncate -s 5M sparse; echo x >> sparse;"
                + " chown 1234:5678 d/file; chmod 4751 d/file; touch -d '2001-02-03 04:05:06.123456789' d/sub;"
                + " setfattr -n user.note -v hi d/file; setfattr -n trusted.secret -v 42 d/file;"
                + " setfacl -m u:1001:rx,g:1002:r d/sub; setfacl -d -m u:1003:rwx d/sub;"
                + " python3 -c \"import os; open(b'odd \\xff name\\n', 'w').write('x'); os.mkdir(b'caf\\xc3\\xa9')\"");
        return t;
    }

    @Test
    void seesWhatStatGetfattrAndGetfaclSee() throws Exception {
        Path t = nastyTree();
        Map<String, LocalFile> seen = new TreeMap<>();
        Map<String, byte[]> raw = new HashMap<>();
        List<String> vanished = new ArrayList<>();
        new LocalTree((n, d) -> false, 0).walk(List.of(t.toString()), new LocalTree.Visitor() {
            @Override
            public void file(byte[] name, LocalFile f, boolean implied) {
                String k = new String(name, StandardCharsets.ISO_8859_1);
                seen.put(k, f);
                raw.put(k, name);
            }

            @Override
            public void vanished(byte[] name) {
                vanished.add(new String(name, StandardCharsets.ISO_8859_1));
            }
        });
        assertEquals(List.of(), vanished);

        // names: find -print0 gives the same set of raw byte names (below the tree, plus its parents)
        byte[] found = run("find", t.toString(), "-print0");
        List<String> fromFind = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < found.length; i++) {
            if (found[i] == 0) {
                fromFind.add(new String(Arrays.copyOfRange(found, start + 1, i), StandardCharsets.ISO_8859_1));
                start = i + 1;
            }
        }
        String rel = t.toString().substring(1);
        List<String> ours = seen.keySet().stream().filter(k -> k.startsWith(rel)).sorted().toList();
        assertEquals(fromFind.stream().sorted().toList(), ours);
        assertTrue(seen.containsKey("tmp") || seen.containsKey(rel.substring(0, rel.indexOf('/'))), "implied parents sent");

        for (String k : ours) {
            LocalFile f = seen.get(k);
            if (!isAscii(k)) continue; // stat's argument would pass through Java's encoding: find checked those names
            String st = new String(run("stat", "-c", "%f %u %g %s %Y %t %T %i %h", "--", "/" + k), StandardCharsets.UTF_8);
            String[] v = st.strip().split(" ");
            assertEquals(Integer.parseInt(v[0], 16), f.mode(), k);
            assertEquals(Integer.parseInt(v[1]), f.uid(), k);
            assertEquals(Integer.parseInt(v[2]), f.gid(), k);
            if (!f.isDirectory()) assertEquals(Long.parseLong(v[3]), f.size(), k);
            assertEquals(Long.parseLong(v[4]), f.mtimeSeconds(), k);
            assertEquals(Integer.parseInt(v[5], 16), f.rdevMajor(), k);
            assertEquals(Integer.parseInt(v[6], 16), f.rdevMinor(), k);
            assertEquals(Long.parseLong(v[7]), f.inode(), k);
            assertEquals(Integer.parseInt(v[8]), f.nlink(), k);
        }
        LocalFile sub = seen.get(rel + "/d/sub");
        assertEquals(123456789, sub.mtimeNanos());
        assertArrayEquals("../d/file".getBytes(), seen.get(rel + "/d/link").linkTarget());
        assertArrayEquals("/nonexistent".getBytes(), seen.get(rel + "/dangling").linkTarget());
        assertEquals(seen.get(rel + "/d/file").inode(), seen.get(rel + "/d/hardlink").inode());
        assertTrue(seen.containsKey(rel + "/odd \u00ff name\n"));
        assertTrue(seen.containsKey(rel + "/caf\u00c3\u00a9"));

        // xattrs of every namespace, as getfattr dumps them
        byte[] filePath = (t + "/d/file").getBytes(StandardCharsets.UTF_8);
        List<LocalFiles.XattrValue> xs = LocalFiles.xattrs(filePath);
        String dump = new String(run("getfattr", "--absolute-names", "-d", "-m", "-", "-e", "text", t + "/d/file"),
                StandardCharsets.UTF_8);
        for (LocalFiles.XattrValue x : xs) {
            assertTrue(dump.contains(x.nameText() + "=\"" + new String(x.value(), StandardCharsets.UTF_8) + "\""), x.nameText() + " in " + dump);
        }
        assertEquals(List.of("trusted.secret", "user.note"), xs.stream().map(LocalFiles.XattrValue::nameText)
                .filter(n -> !n.startsWith("security.")).toList());

        // ACLs
        PosixAcl access = LocalFiles.acl((t + "/d/sub").getBytes(), false);
        assertNotNull(access);
        assertEquals(List.of(new PosixAcl.Named(true, 1001, 5), new PosixAcl.Named(false, 1002, 4)), access.named());
        PosixAcl def = LocalFiles.acl((t + "/d/sub").getBytes(), true);
        assertTrue(def.named().contains(new PosixAcl.Named(true, 1003, 7)), def.toString());
        String getfacl = new String(run("getfacl", "-n", "-p", t + "/d/sub"), StandardCharsets.UTF_8);
        assertTrue(getfacl.contains("user:1001:r-x") && getfacl.contains("default:user:1003:rwx"), getfacl);
        assertNull(LocalFiles.acl(filePath, false));
        var rsyncAcl = access.toRsyncAcl();
        assertEquals(List.of(new byteback.rsync.store.RsyncAcl.IdAccess(1001, 5 | byteback.rsync.store.RsyncAcl.NAME_IS_USER),
                new byteback.rsync.store.RsyncAcl.IdAccess(1002, 4)), rsyncAcl.names());
        assertEquals(5, rsyncAcl.maskObj(), "mask as setfacl computed it: " + getfacl);
        assertFalse(access.isMinimal());
        assertEquals(List.of(), LocalFiles.xattrs((t + "/fifo").getBytes()));
    }

    @Test
    void filtersAndVanishedFiles() throws Exception {
        Path t = nastyTree();
        String rel = t.toString().substring(1);
        List<String> names = new ArrayList<>();
        List<String> vanished = new ArrayList<>();
        new LocalTree((n, d) -> new String(n, StandardCharsets.ISO_8859_1).endsWith("/d"), 0)
                .walk(List.of(t.toString(), t + "/gone"), new LocalTree.Visitor() {
                    @Override
                    public void file(byte[] name, LocalFile f, boolean implied) {
                        names.add(new String(name, StandardCharsets.ISO_8859_1));
                    }

                    @Override
                    public void vanished(byte[] name) {
                        vanished.add(new String(name, StandardCharsets.ISO_8859_1));
                    }
                });
        assertFalse(names.stream().anyMatch(n -> n.contains("/d/") || n.endsWith("/d")), names.toString());
        assertTrue(names.contains(rel + "/fifo"));
        assertEquals(List.of(rel + "/gone"), vanished);
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c >= 32 && c < 127);
    }

}
