package byteback.it.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --io-timeout end to end: a server that accepts the backup (--ping answers) and then never says a
 * word (its rsync stand-in reads whatever comes and answers nothing) makes the jar give up after
 * the timeout with a clear message, retry as the retry logic says (exit 30 is retried), and end
 * with the retry logic's exit status once the retries are spent. No snapshot is requested.
 */
class IoTimeoutTest {
    @TempDir
    Path dir;

    @Test
    void aStalledServerTimesOutAndIsRetried() throws Exception {
        Path attempts = dir.resolve("attempts");
        Path receive = dir.resolve("receive");
        Files.writeString(receive, "#!/bin/sh\ncase \"$SSH_ORIGINAL_COMMAND\" in\n"
                + "  'byteback-receive --ping'*) exit 0 ;;\n"
                + "  'byteback-receive --complete'*) echo complete >> " + attempts + "; exit 0 ;;\n"
                + "  rsync*) echo rsync >> " + attempts + "; exec cat > /dev/null ;;\n"
                + "  *) exit 9 ;;\nesac\n");
        receive.toFile().setExecutable(true);
        Path key = dir.resolve("conf/key");
        Files.createDirectories(key.getParent());
        Cmd.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())).ok();
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("file"), "data");
        ClientJar jar = new ClientJar(dir);
        try (OpenSshServer sshd = OpenSshServer.start(dir.resolve("sshd"),
                "command=\"" + receive + "\",no-pty " + Files.readString(Path.of(key + ".pub")))) {
            Path conf = key.getParent();
            Files.writeString(conf.resolve("destination"), "ssh://root@127.0.0.1:" + sshd.port() + "\n");
            Files.writeString(conf.resolve("known_hosts"), sshd.keyscan("ed25519"));
            Path sshConfig = Files.writeString(dir.resolve("ssh_config"), "");
            Cmd.Result r = jar.run("backup", "--config-dir", conf.toString(), "--ssh-config", sshConfig.toString(),
                    "--lock-file", dir.resolve("lock").toString(), "--source", src.toString(), "--io-timeout", "2",
                    "--retry-number", "1", "--retry-delay", "0");
            assertEquals(1, r.exit(), r.toString());
            // one try and one retry (the jar's own account: on a loaded machine the server's stand-in may not even have
            // started within the 2 s), and no snapshot requested
            assertEquals(1, r.err().split("rsync exited with status 30", -1).length - 1, r.toString());
            assertTrue(r.err().contains("retrying in 0 s (0 retries left)"), r.toString());
            assertFalse(Files.exists(attempts) && Files.readString(attempts).contains("complete"), r.toString());
            assertTrue(r.err().contains("io timeout after 2 seconds"), r.toString());
            assertTrue(r.err().contains("*** maximum number of rsync retries reached; last exit status 30"), r.toString());
            assertFalse(r.err().contains("Exception"), "no stack trace: " + r);
        }
    }

    /**
     * A transfer that stalls half-way: the server's rsync (stock, storing into a directory) is
     * stopped (SIGSTOP) once the large file has begun to arrive, so it neither reads nor writes;
     * the jar is then blocked writing, and must still give up after the timeout.
     */
    @Test
    void aTransferStalledWhileSendingTimesOut() throws Exception {
        Path attempts = dir.resolve("attempts");
        Path pids = dir.resolve("pids");
        Path store = Files.createDirectories(dir.resolve("store"));
        Path src = Files.createDirectories(dir.resolve("src"));
        Cmd.run(List.of("sh", "-c", "head -c 67108864 /dev/urandom > " + src + "/big")).ok();
        Path arrived = store.resolve(src.toString().substring(1)).resolve("big");
        Path receive = dir.resolve("receive");
        Files.writeString(receive, "#!/bin/bash\ncase \"$SSH_ORIGINAL_COMMAND\" in\n"
                + "  'byteback-receive --ping'*) exit 0 ;;\n"
                + "  'byteback-receive --complete'*) echo complete >> " + attempts + "; exit 0 ;;\n"
                + "  rsync*) echo rsync >> " + attempts + "; read -ra a <<<\"$SSH_ORIGINAL_COMMAND\"; a[0]=/usr/bin/rsync;"
                + " a[-1]=" + store + "; \"${a[@]}\" & p=$!; echo $p >> " + pids + ";"
                + " for i in $(seq 6000); do [ -s " + arrived + " ] && break; sleep 0.05; done; kill -STOP $p; wait $p ;;\n"
                + "  *) exit 9 ;;\nesac\n");
        receive.toFile().setExecutable(true);
        Path key = dir.resolve("conf/key");
        Files.createDirectories(key.getParent());
        Cmd.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())).ok();
        ClientJar jar = new ClientJar(dir);
        try (OpenSshServer sshd = OpenSshServer.start(dir.resolve("sshd"),
                "command=\"" + receive + "\",no-pty " + Files.readString(Path.of(key + ".pub")))) {
            Path conf = key.getParent();
            Files.writeString(conf.resolve("destination"), "ssh://root@127.0.0.1:" + sshd.port() + "\n");
            Files.writeString(conf.resolve("known_hosts"), sshd.keyscan("ed25519"));
            Path sshConfig = Files.writeString(dir.resolve("ssh_config"), "");
            Cmd.Result r = jar.run("backup", "--config-dir", conf.toString(), "--ssh-config", sshConfig.toString(),
                    "--lock-file", dir.resolve("lock").toString(), "--source", src.toString(), "--io-timeout", "3",
                    "--retry-number", "1", "--retry-delay", "0");
            assertEquals(1, r.exit(), r.toString());
            assertEquals(1, r.err().split("rsync exited with status 30", -1).length - 1, r.toString());
            assertFalse(Files.readString(attempts).contains("complete"), "no snapshot requested: " + r);
            assertTrue(r.err().contains("io timeout after 3 seconds"), r.toString());
            assertTrue(r.err().contains("*** maximum number of rsync retries reached; last exit status 30"), r.toString());
            assertFalse(r.err().contains("Exception"), "no stack trace: " + r);
        } finally {
            if (Files.exists(pids)) {
                for (String p : Files.readAllLines(pids)) {
                    Cmd.run(List.of("kill", "-KILL", p.strip()));
                }
            }
        }
    }
}
