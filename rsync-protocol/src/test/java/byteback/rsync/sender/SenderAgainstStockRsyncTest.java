package byteback.rsync.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.testsupport.LocalShell;
import byteback.testsupport.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stock rsync 3.5.0 as the client pulls from our sender (the jar's Main, behind a local rsh
 * wrapper, as {@code --rsync-path}) and, the same way, from stock {@code rsync --fake-super
 * --server --sender}, out of one store that stock {@code rsync --fake-super} made from a nasty
 * tree (owners, devices, fifos, sockets, symlinks inside and pointing outside, hard links, ACLs,
 * xattrs short and long, sparse, odd names, nanosecond mtimes). Both restored trees must be equal
 * entry for entry (type, mode, owner, size, mtime, link count, target, content, xattrs, ACLs) and
 * both clients must end with the same exit code.
 */
class SenderAgainstStockRsyncTest {
    private static Path dir;
    private static Path store;
    private static Path rsh;
    private static final String LIST = "cd \"$1\" && { find . -mindepth 1 -printf '%p %M %U %G %s %T@ %n %l\\n' | sort;"
            + " find . -mindepth 1 -type f -exec md5sum {} + | sort -k2; getfattr -hRd -m- . 2>/dev/null;"
            + " getfacl -hRp . 2>/dev/null | grep -v '^# file'; }";

    @BeforeAll
    static void makeStore() throws Exception {
        dir = Trees.tempDir("sender-vs-rsync");
        Path src = dir.resolve("src");
        store = dir.resolve("store");
        rsh = LocalShell.create(dir);
        boolean root = "0".equals(sh("id -u").trim());
        String s = src.toString();
        StringBuilder b = new StringBuilder();
        b.append("set -e; mkdir -p '" + s + "/d/e' '" + s + "/odd name/\u00fc' '" + s + "/acl' '" + store + "'; cd '" + s + "';")
                .append("echo hello > a.txt; head -c 3000000 /dev/urandom > d/big.bin; ln -s ../a.txt d/link;")
                .append("ln -s /etc/passwd abs-link; ln -s ../../../.. up-link; ln a.txt d/hard; mkfifo fifo;")
                .append("python3 -c \"import socket;s=socket.socket(socket.AF_UNIX);s.bind('sock')\";")
                .append("setfattr -n user.foo -v bar a.txt;")
                .append("setfattr -n user.long -v \"$(head -c 100 /dev/zero | tr '\\0' x)\" d/big.bin;")
                .append("setfattr -n user.long -v \"$(head -c 100 /dev/zero | tr '\\0' y)\" d/e;")
                .append("chmod 4755 d/e; chmod 1777 'odd name';")
                .append("setfacl -m u:1001:rw,g:2002:r acl; setfacl -d -m u:1001:rwx acl; touch acl/f;")
                .append("truncate -s 10M sparse; echo x >> sparse; printf nl > \"odd name/\u00fc/$(printf 'a\\nb')\";")
                .append("touch -h -d '2001-02-03 04:05:06.123456789' a.txt d/link;");
        if (root) {
            b.append("mknod chr c 1 3; mknod blk b 7 200; setfattr -n trusted.t -v tv a.txt;")
                    .append("chown 1234:5678 d/big.bin; chown -h 42:43 d/link;");
        }
        // old times everywhere (a receiver leaves an mtime in the same second as now alone), a.txt's own
        b.append("find . -depth -exec touch -h -d '2020-05-06 07:08:09.987654321' {} +;")
                .append("touch -h -d '2001-02-03 04:05:06.123456789' a.txt d/link;")
                // the receiving side alone fakes (-M): the store holds %stat, %aacl, %dacl as byteback's does
                .append("rsync -aHAX -M--fake-super ./ '" + store + "/'");
        sh(b.toString());
    }

    @AfterAll
    static void cleanUp() throws IOException {
        Trees.delete(dir);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "whole tree        | .           | -aHAX --numeric-ids              | false",
        "protocol 30       | .           | -aHAX --numeric-ids --protocol=30 | false",
        "protocol 31       | .           | -aHAX --numeric-ids --protocol=31 | false",
        "names, not ids    | .           | -aHAX                            | false",
        "zstd              | .           | -aHAX --numeric-ids -z --zc=zstd | true",
        "lz4               | .           | -aHAX --numeric-ids -z --zc=lz4  | true",
        "zlibx             | .           | -aHAX --numeric-ids -z --zc=zlibx | true",
        "zlib              | .           | -aHAX --numeric-ids -z --zc=zlib | true",
        "zlib protocol 30  | .           | -aHAX --numeric-ids -z --protocol=30 | true",
        "xxh128            | .           | -aHAX --numeric-ids --cc=xxh128  | true",
        "xxh3              | .           | -aHAX --numeric-ids --cc=xxh3    | true",
        "xxh64             | .           | -aHAX --numeric-ids --cc=xxh64   | true",
        "md5               | .           | -aHAX --numeric-ids --cc=md5     | true",
        "md4               | .           | -aHAX --numeric-ids --cc=md4     | true",
        "checksum          | .           | -aHAX --numeric-ids -c           | true",
        "delta, delete     | .           | -aHAX --numeric-ids --delete     | true",
        "delta, inplace    | .           | -aHAX --numeric-ids --inplace    | true",
        "subdirectory      | d           | -aHAX --numeric-ids              | false",
        "its contents      | d/          | -aHAX --numeric-ids              | false",
        "one file          | d/big.bin   | -aHAX --numeric-ids              | false",
        "relative          | d/e         | -aHAX --numeric-ids -R           | false",
        "no recursion      | ./          | -lptgoDd --numeric-ids           | false",
        "-r, no owners     | .           | -rt                              | false",
        "-rl, no owners    | .           | -rlt                             | false",
        "-rgA, names       | .           | -rlgtA                           | false",
        "dry run, itemized | .           | -aHAX --numeric-ids -n -i        | true",
        "update, existing  | .           | -aHAX --numeric-ids -u --existing | true",
        "itemized          | .           | -aHAX --numeric-ids -i           | true",
    })
    void restoresWhatStockRsyncRestores(String name, String path, String args, boolean stale) throws Exception {
        Path ours = dir.resolve("ours");
        Path ref = dir.resolve("ref");
        Trees.delete(ours);
        Trees.delete(ref);
        if (stale) {
            // a stale copy: the big file changed in the middle, an extra file, another older
            for (Path p : List.of(ours, ref)) {
                sh("set -e; mkdir -p '" + p + "'; rsync -aHAX --numeric-ids --fake-super '" + store + "/' '" + p + "/' "
                        + "2>/dev/null || true; cd '" + p + "'; for f in $(find . -type f -name '*.bin'); do "
                        + "printf 'x%.0s' $(seq 1 5000) | dd of=$f bs=1 seek=1000000 conv=notrunc 2>/dev/null; done;"
                        + "echo junk > extra; touch -d '2020-01-01' extra d/big.bin");
            }
        }
        List<String> a = List.of(args.trim().split(" +"));
        Ran r = pull(ref, "rsync --fake-super", a, path.trim());
        Ran o = pull(ours, javaServer(), a, path.trim());
        assertEquals(r.exit, o.exit, "exit codes, stock: " + r.out + "\nours: " + o.out);
        assertEquals(0, r.exit, r.out);
        String want = sh(LIST, ref.toString());
        String got = sh(LIST, ours.toString());
        assertEquals(want, got, "restored trees differ: only stock's " + onlyIn(want, got) + "; only ours "
                + onlyIn(got, want) + "\nours: " + o.out);
        if (a.contains("-i")) {
            assertEquals(itemized(r.out), itemized(o.out), "the client itemizes the same changes");
        }
        if (stale && !a.contains("-n") && !a.contains("--existing")) {
            assertTrue(o.out.contains("Matched data: ") && !o.out.contains("Matched data: 0 bytes"),
                    "a delta against the stale copy expected: " + o.out);
        }
        if (stale && a.contains("--delete")) {
            assertTrue(!Files.exists(ours.resolve("extra")), "--delete on the client side removed the extra file");
        }
    }

    private static List<String> itemized(String out) {
        return out.lines().filter(l -> l.matches("^[<>ch.*][fdLDS][^ ]{9} .*")).sorted().toList();
    }

    private static List<String> onlyIn(String a, String b) {
        List<String> rest = new ArrayList<>(List.of(a.split("\n")));
        rest.removeAll(List.of(b.split("\n")));
        return rest;
    }

    private record Ran(int exit, String out) {}

    static String javaServer() {
        return Path.of(System.getProperty("java.home"), "bin", "java") + " -cp " + System.getProperty("java.class.path")
                + " byteback.rsync.server.Main";
    }

    private Ran pull(Path dest, String server, List<String> args, String path) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("rsync", "-e", rsh.toString(),
                "--rsync-path=cd '" + store + "' && " + server));
        cmd.addAll(args);
        cmd.add("--stats");
        cmd.add("localhost:" + path);
        cmd.add(dest + "/");
        Path log = Files.createTempFile(dir, "rsync", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "rsync did not finish");
        } finally {
            p.destroyForcibly();
        }
        return new Ran(p.exitValue(), Files.readString(log));
    }

    static String sh(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", script, "sh"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), script + "\n" + out);
        return out;
    }
}
