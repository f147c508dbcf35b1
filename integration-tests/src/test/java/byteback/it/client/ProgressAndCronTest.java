package byteback.it.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees: on a terminal (a pty), a progress line (files, bytes sent, rate, current
 * path) overwritten in place and the final line; under cron (no terminal, no --verbose) nothing at
 * all when the backup succeeds, and when it fails, the steps noted so far and the reason. The
 * server is OpenSSH with stock rsync storing into a directory (an original byteback server's
 * shape), its --complete a stand-in that fails while a flag file exists.
 */
class ProgressAndCronTest {
    @TempDir
    Path dir;

    @Test
    void progressOnATerminalSilenceUnderCron() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        Path refuse = dir.resolve("refuse-complete");
        Path receive = dir.resolve("receive");
        Files.writeString(receive, "#!/bin/bash\ncase \"$SSH_ORIGINAL_COMMAND\" in\n"
                + "  'byteback-receive --ping'*) exit 0 ;;\n"
                + "  'byteback-receive --complete'*) [ -e " + refuse + " ] && { echo 'no space left for a snapshot' >&2;"
                + " exit 1; }; exit 0 ;;\n"
                + "  rsync*) read -ra a <<<\"$SSH_ORIGINAL_COMMAND\"; a[0]=/usr/bin/rsync; a[-1]=" + store + ";"
                + " exec \"${a[@]}\" ;;\n"
                + "  *) exit 9 ;;\nesac\n");
        receive.toFile().setExecutable(true);
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path key = conf.resolve("key");
        Cmd.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString())).ok();
        Path src = Files.createDirectories(dir.resolve("src"));
        for (int i = 0; i < 20; i++) Files.writeString(src.resolve("file" + i), "content " + i);
        Cmd.run(List.of("sh", "-c", "head -c 2000000 /dev/urandom > " + src + "/big")).ok();
        ClientJar jar = new ClientJar(dir);
        try (OpenSshServer sshd = OpenSshServer.start(dir.resolve("sshd"),
                "command=\"" + receive + "\",no-pty " + Files.readString(Path.of(key + ".pub")))) {
            Files.writeString(conf.resolve("destination"), "ssh://root@127.0.0.1:" + sshd.port() + "\n");
            Files.writeString(conf.resolve("known_hosts"), sshd.keyscan("ed25519"));
            Path sshConfig = Files.writeString(dir.resolve("ssh_config"), "");
            String[] args = {"backup", "--config-dir", conf.toString(), "--ssh-config", sshConfig.toString(), "--lock-file",
                dir.resolve("lock").toString(), "--source", src.toString(), "--exclude", "/nothing", "-r", "0"};

            Cmd.Result tty = jar.runOnTerminal(args);
            assertEquals(0, tty.exit(), tty.toString());
            // the progress line, drawn over itself ("\r" + erase line), with files, bytes, rate and a path
            Pattern line = Pattern.compile("\r\033\\[K\\d+ files, \\d+ sent, [0-9.]+ (B|KiB|MiB) sent, [0-9.]+ (B|KiB|MiB)/s, /\\S*");
            assertTrue(line.matcher(tty.out()).find(), "progress line on the terminal: " + tty.out().replace("\033", "ESC"));
            assertTrue(tty.out().contains(src + "/"), "a path of the source shown: " + tty.out().replace("\033", "ESC"));
            assertTrue(Pattern.compile("byteback-backup: \\d+ files, [0-9.]+ MiB sent").matcher(tty.out()).find(), "the final line: " + tty);
            assertEquals(-1L, Files.mismatch(src.resolve("big"), store.resolve(src.toString().substring(1)).resolve("big")));

            Files.writeString(src.resolve("file0"), "changed");
            Cmd.Result cron = jar.run(args);
            assertEquals(0, cron.exit(), cron.toString());
            assertEquals("", cron.out() + cron.err(), "under cron a good backup says nothing");
            assertEquals("changed", Files.readString(store.resolve(src.toString().substring(1)).resolve("file0")));

            Files.writeString(refuse, "");
            Cmd.Result failed = jar.run(args);
            assertEquals(1, failed.exit(), failed.toString());
            assertEquals("", failed.out(), failed.toString());
            assertTrue(failed.err().contains("Backup completed, requesting snapshot"), "the steps so far: " + failed);
            assertTrue(failed.err().contains("*** backup could not be marked complete: no space left for a snapshot"),
                    failed.toString());
            assertFalse(failed.err().contains("\r") || failed.err().contains("Exception"), failed.toString());
        }
    }
}
