package byteback.it.prune;

import byteback.testsupport.Sh;
import byteback.testsupport.LoopBtrfs;
import byteback.testsupport.Trees;
import byteback.testsupport.SpareUser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stock rsync over OpenSSH's ssh into the real server, run as an unprivileged user on a small
 * loop-mounted btrfs (512 MiB, user_subvol_rm_allowed), real clock: backups keep completing as the
 * disc fills because the server prunes during them; a client that suddenly sends far more than
 * usual prunes nothing and its rsync shows the server's message.
 */
class RealRsyncPruningTest {
    private static final int FILE = 4 << 20;

    private LoopBtrfs fs;
    private SpareUser user;
    private Path work;
    private Process server;
    private Path serverLog;
    private int port;
    private final Random random = new Random(7);

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                server.getOutputStream().close();
                if (!server.waitFor(30, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            try {
                if (user != null) {
                    user.close();
                }
                if (work != null) {
                    Trees.delete(work);
                }
            } finally {
                if (fs != null) {
                    fs.close();
                }
            }
        }
    }

    @Test
    void backupsThroughRsyncAndSshKeepCompletingAndASuddenGiantIsRefused() throws Exception {
        fs = LoopBtrfs.create("512M");
        user = new SpareUser();
        Path root = fs.mountPoint().resolve("byteback");
        Files.createDirectory(root);
        user.own(root);
        work = Files.createTempDirectory("byteback-prune-rsync-");
        Sh.ok("chmod", "755", work.toString());
        for (String client : List.of("alpha", "beta", "gamma")) {
            Sh.ok("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", work.resolve("key-" + client).toString());
            Sh.ok("chmod", "644", work.resolve("key-" + client + ".pub").toString());
        }
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        serverLog = work.resolve("server.log");
        // growth floor 0: only "more than twice the largest earlier backup" counts here
        server = user.start(ServeAsUser.class, serverLog, root.toString(), Integer.toString(port), "0",
                "alpha=" + work.resolve("key-alpha.pub"), "beta=" + work.resolve("key-beta.pub"),
                "gamma=" + work.resolve("key-gamma.pub"));
        BufferedReader ready = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = ready.readLine()) != null && !line.equals("READY")) {
            System.out.println("server: " + line); // the enrol command's own words
        }
        assertEquals("READY", line, () -> log());

        // gamma's usual backup is tiny: one 64 KiB file
        Path gamma = Files.createDirectories(work.resolve("src-gamma"));
        byte[] small = new byte[64 << 10];
        random.nextBytes(small);
        Files.write(gamma.resolve("small"), small);
        assertEquals(0, rsync("gamma", gamma).exitCode(), this::log);
        assertEquals(0, ssh("gamma", "byteback-receive", "--complete").exitCode(), this::log);

        Set<String> newest = new HashSet<>();
        for (int round = 0; round < 14; round++) {
            for (String client : List.of("alpha", "beta")) {
                Path src = work.resolve("src-" + client);
                change(src, round == 0 ? 8 : 6);
                Sh r = rsync(client, src);
                assertEquals(0, r.exitCode(), () -> client + " round " + r + "\n" + log());
                Sh done = ssh(client, "byteback-receive", "--complete");
                assertEquals(0, done.exitCode(), () -> done + log());
                List<String> now = snapshotsOnDisc();
                String made = now.stream().filter(p -> p.startsWith(client + "/")).max(String::compareTo).orElseThrow();
                newest.removeIf(p -> p.startsWith(client + "/"));
                newest.add(made);
                assertTrue(now.containsAll(newest), "a client's newest snapshot is gone: " + now);
            }
        }
        List<String> before = snapshotsOnDisc();
        assertTrue(before.size() < 29, "the disc filled and the server pruned during the backups: " + before);
        assertTrue(log().contains("a backup needs the space"), log());
        for (String s : before) {
            assertEquals("ro=true", Sh.ok("btrfs", "property", "get", "-ts", root.resolve(s).toString(), "ro").trim());
        }

        // gamma suddenly sends 300 MiB, far over twice its largest backup, onto a nearly full disc
        for (int i = 0; i < 75; i++) {
            write(gamma.resolve("giant-" + i));
        }
        Sh giant = rsync("gamma", gamma);
        System.out.println("snapshots before the giant: " + before.size() + "; rsync exit " + giant.exitCode()
                + ", the client saw:\n" + giant.stderr());
        assertNotEquals(0, giant.exitCode(), giant::toString);
        assertTrue(giant.stderr().contains("allow-growth") && giant.stderr().contains("--name gamma"),
                () -> "the client is told why and how to allow it: " + giant);
        assertEquals(before, snapshotsOnDisc(), "nobody's snapshot was pruned for it");
        assertTrue(log().contains("refused to prune for a backup"), log());
    }

    private void change(Path src, int files) throws IOException {
        Files.createDirectories(src);
        for (int i = 0; i < files; i++) {
            write(src.resolve("file-" + (files == 8 ? i : random.nextInt(8))));
        }
    }

    private void write(Path file) throws IOException {
        byte[] data = new byte[FILE];
        random.nextBytes(data);
        Files.write(file, data, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    private String sshCommand(String client) {
        return "ssh -p " + port + " -i " + work.resolve("key-" + client) + " -o BatchMode=yes -o StrictHostKeyChecking=no"
                + " -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR";
    }

    private Sh rsync(String client, Path src) throws IOException {
        return Sh.run(List.of("rsync", "-a", "--timeout=120", "-e", sshCommand(client), src + "/", "byteback@127.0.0.1:"), 300);
    }

    private Sh ssh(String client, String... command) throws IOException {
        List<String> argv = new ArrayList<>(List.of(sshCommand(client).split(" ")));
        argv.add("byteback@127.0.0.1");
        argv.addAll(List.of(command));
        return Sh.run(argv, 120);
    }

    private List<String> snapshotsOnDisc() throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Sh.ok("btrfs", "subvolume", "list", "-o", fs.mountPoint().toString()).split("\n")) {
            int at = line.indexOf(" path ");
            if (at < 0) {
                continue;
            }
            String rel = line.substring(at + 6).trim().replaceFirst("^byteback/", "");
            if (!rel.endsWith("/current")) {
                found.add(rel);
            }
        }
        found.sort(String::compareTo);
        return found;
    }

    private String log() {
        try {
            return Files.readString(serverLog);
        } catch (IOException e) {
            return "(no server log)";
        }
    }
}
