package byteback.it.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.testsupport.LoopBtrfs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Debian packages on this machine (as root; each test purges what it installed and removes the
 * user and directory it caused): dpkg -i installs them, the server's makes the byteback system user,
 * the unit's ExecStart runs the server as that user (this container has no systemd as PID 1, so the
 * line is run as the unit would run it), man pages and bash completion work, lintian finds nothing,
 * and removal leaves the backups in place.
 */
class PackageInstallTest {
    private static final Path TARGET = Path.of("../packaging/target");
    private static final Path VAR = Path.of("/var/lib/byteback");

    private static Path deb(String name) throws IOException {
        try (Stream<Path> s = Files.list(TARGET)) {
            return s.filter(p -> p.getFileName().toString().matches(name + "_.*_all\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " .deb in " + TARGET.toAbsolutePath()
                            + " (mvn package builds it)")).toAbsolutePath();
        }
    }

    private static Cmd.Result run(String... cmd) throws Exception {
        return Cmd.run(List.of(cmd), Map.of("DEBIAN_FRONTEND", "noninteractive"), null, 300);
    }

    private static String unitValue(List<String> unit, String key) {
        return unit.stream().filter(l -> l.startsWith(key + "=")).map(l -> l.substring(key.length() + 1))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no " + key + "= in the unit"));
    }

    private static String complete(String command, String partial) throws Exception {
        String script = "source /usr/share/bash-completion/completions/" + command + "\n"
                + "f=$(complete -p " + command + " | sed 's/.*-F \\([^ ]*\\).*/\\1/')\n"
                + "COMP_WORDS=(" + command + " " + partial + "); COMP_CWORD=1; COMP_LINE='" + command + " " + partial + "'\n"
                + "COMP_POINT=${#COMP_LINE}\n"
                + "$f " + command + " " + partial + " " + command + "\n"
                + "echo \"${COMPREPLY[@]}\"\n";
        return run("bash", "-c", script).ok().out();
    }

    private static void lintianClean(Path deb) throws Exception {
        Cmd.Result l = run("lintian", "--tag-display-limit", "0", deb.toString());
        String findings = l.out().lines().filter(x -> x.matches("^[EW]: .*")).reduce("", (a, b) -> a + b + "\n");
        assertEquals("", findings, "lintian " + deb.getFileName());
    }

    @Test
    void serverPackageInstallsRunsAsItsUserAndLeavesBackupsOnRemoval() throws Exception {
        Path deb = deb("byteback-server");
        lintianClean(deb);
        boolean userExisted = run("getent", "passwd", "byteback").exit() == 0;
        boolean varExisted = Files.exists(VAR);
        Path marker = VAR.resolve("client-" + UUID.randomUUID() + "/current/backed-up-file");
        Process server = null;
        LoopBtrfs fs = null;
        try {
            run("dpkg", "-i", deb.toString()).ok();
            assertTrue(run("dpkg-query", "-W", "-f=${Status}", "byteback-server").ok().out().contains("install ok installed"));
            String passwd = run("getent", "passwd", "byteback").ok().out();
            int uid = Integer.parseInt(passwd.split(":")[2]);
            assertTrue(uid > 0 && uid < 1000, "a system user: " + passwd);
            assertTrue(Files.isDirectory(VAR));

            List<String> unit = Files.readAllLines(Path.of("/lib/systemd/system/byteback.service"));
            assertEquals("byteback", unitValue(unit, "User"));
            assertEquals("-/etc/default/byteback", unitValue(unit, "EnvironmentFile"));
            String execStart = unitValue(unit, "ExecStart");
            assertEquals("/usr/bin/byteback-server serve $BYTEBACK_SERVE_OPTS", execStart);
            if (run("systemd-analyze", "verify", "/lib/systemd/system/byteback.service").exit() != 0) {
                System.err.println("systemd-analyze verify: not usable here (no systemd as PID 1)");
            }

            // no systemd as PID 1 in this container: run the unit's ExecStart as the unit's user, with
            // the unit's environment (/etc/default/byteback) and a btrfs root of the byteback user's
            fs = LoopBtrfs.create("512M", true);
            run("chown", "byteback:byteback", fs.mountPoint().toString()).ok();
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            String serveOpts = "--root " + fs.mountPoint() + " --port " + port + " --listen 127.0.0.1";
            String line = "set -a; . /etc/default/byteback; set +a; BYTEBACK_SERVE_OPTS='" + serveOpts + "'; exec "
                    + execStart;
            // the unit has PrivateTmp=yes (a fresh, writable /tmp, where jnr-ffi unpacks its native stub);
            // this container's /tmp may not be writable for other users: give the JVM a private one
            Path privateTmp = Files.createDirectories(fs.dir().resolve("private-tmp"));
            run("chmod", "1777", privateTmp.toString()).ok();
            ProcessBuilder pb = new ProcessBuilder("runuser", "-u", unitValue(unit, "User"), "--", "sh", "-c", line)
                    .redirectErrorStream(true).redirectOutput(fs.dir().resolve("server.log").toFile());
            pb.environment().put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + privateTmp);
            server = pb.start();
            long deadline = System.nanoTime() + 90_000_000_000L;
            boolean up = false;
            while (!up && System.nanoTime() < deadline && server.isAlive()) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    up = true;
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertTrue(up, "the server did not start: " + Files.readString(fs.dir().resolve("server.log")));
            // runuser's child, the JVM, runs as the unit's user
            assertEquals("byteback", run("ps", "-o", "user=", "--ppid", String.valueOf(server.pid())).out().strip());

            Path keys = Files.createDirectories(fs.dir().resolve("keys"));
            ClientKey key = ClientKey.create(keys, "web1");
            run("chmod", "644", key.pub().toString()).ok();
            run("chmod", "755", fs.dir().toString(), keys.toString()).ok();
            Cmd.Result enrol = Cmd.run(List.of("runuser", "-u", "byteback", "--", "/usr/bin/byteback-server", "enrol", "--root",
                    fs.mountPoint().toString(), "--name", "web1", "--key", key.pub().toString()),
                    Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + privateTmp), null, 120);
            assertEquals(0, enrol.exit(), enrol.toString());
            Cmd.Result ping = run("ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o",
                    "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", key.file().toString(), "-p", String.valueOf(port),
                    "byteback@127.0.0.1", "byteback-receive", "--ping");
            assertEquals(0, ping.exit(), ping.toString());

            String man = run("man", "-P", "cat", "byteback-server").ok().out();
            assertTrue(man.contains("byteback-server") && man.contains("SYNOPSIS"), man);
            assertTrue(run("man", "-P", "cat", "byteback-server-diff").ok().out().contains("--walk"));
            String completions = complete("byteback-server", "di");
            assertTrue(completions.contains("diff"), completions);

            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "a backup\n");
            run("dpkg", "--purge", "byteback-server").ok();
            assertFalse(Files.exists(Path.of("/usr/bin/byteback-server")));
            assertFalse(Files.exists(Path.of("/etc/default/byteback")));
            assertEquals("a backup\n", Files.readString(marker), "the backups stay when the package goes");
            assertEquals(0, run("getent", "passwd", "byteback").exit(), "the owner of the backups stays");
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor();
            }
            if (fs != null) fs.close();
            run("dpkg", "--purge", "byteback-server");
            run("rm", "-rf", marker.getParent().getParent().toString());
            if (!varExisted) run("rm", "-rf", VAR.toString());
            if (!userExisted) {
                run("userdel", "byteback");
                run("groupdel", "byteback");
            }
        }
    }

    @Test
    void clientPackageInstallsItsCommandsManPagesAndCompletion() throws Exception {
        Path deb = deb("byteback-client");
        lintianClean(deb);
        try {
            run("dpkg", "-i", deb.toString()).ok();
            for (String c : List.of("byteback-backup", "byteback-restore", "byteback-setup-client")) {
                Cmd.Result help = run("/usr/bin/" + c, "--help");
                assertEquals(0, help.exit(), c + ": " + help);
                assertTrue(help.out().contains("Usage"), c + ": " + help);
                assertTrue(run("man", "-P", "cat", c).ok().out().contains("SYNOPSIS"), c);
            }
            assertTrue(Files.isRegularFile(Path.of("/usr/share/doc/byteback-client/examples/cron.d/byteback")));
            String completions = complete("byteback-client", "ba");
            assertTrue(completions.contains("backup"), completions);
            run("dpkg", "--purge", "byteback-client").ok();
            assertFalse(Files.exists(Path.of("/usr/bin/byteback-backup")));
        } finally {
            run("dpkg", "--purge", "byteback-client");
        }
    }
}
