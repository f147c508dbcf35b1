package byteback.it.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two backups never run at once: while one holds the lock (here: it is running its
 * pre-backup.d script, which waits for the test; the jar's PATH is empty, so the scripts use only
 * shell built-ins and absolute paths), a second is refused at once with exit 3 and the
 * holder's pid; once the first has ended the lock is free again, and a lock file left by a
 * process that no longer exists does not block. pre-backup.d runs as run-parts would, in order.
 */
class BackupLockTest {
    @TempDir
    Path dir;

    @Test
    void oneBackupAtATime() throws Exception {
        ClientJar jar = new ClientJar(dir);
        Path conf = Files.createDirectories(dir.resolve("conf"));
        ClientKey.create(conf, "key");
        Files.writeString(conf.resolve("destination"), "ssh://byteback@127.0.0.1:1\n");
        Path pre = Files.createDirectories(conf.resolve("pre-backup.d"));
        Path started = dir.resolve("started");
        Path release = dir.resolve("release");
        Path order = dir.resolve("order");
        script(pre.resolve("10-hold"), "echo 10 >> " + order + "; [ -e " + release + " ] && exit 0; : > " + started
                + "; i=0; while [ $i -lt 600 ]; do [ -e " + release + " ] && exit 0; /bin/sleep 0.1; i=$((i+1)); done; exit 1");
        script(pre.resolve("20-second"), "echo 20 >> " + order);
        script(pre.resolve("30-skipped.sh"), "echo 30 >> " + order);
        Path lock = dir.resolve("lock/byteback-backup.lock");
        Path sshConfig = Files.writeString(dir.resolve("ssh_config"), "");
        String[] args = {"backup", "--config-dir", conf.toString(), "--ssh-config", sshConfig.toString(), "--lock-file",
                lock.toString(), "--source", dir.toString(), "-r", "0", "-e", "0"};

        CompletableFuture<Cmd.Result> first = CompletableFuture.supplyAsync(() -> {
            try {
                return jar.run(args);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        for (int i = 0; i < 600 && !Files.exists(started); i++) {
            if (first.isDone()) throw new AssertionError("first backup ended early: " + first.get());
            Thread.sleep(100);
        }
        assertTrue(Files.exists(started), "the first backup reached pre-backup.d");
        String holder = Files.readString(lock).strip();

        Cmd.Result second = jar.run(args);
        assertEquals(3, second.exit(), second.toString());
        assertTrue(second.err().contains("another backup is running (pid " + holder), second.toString());

        Files.writeString(release, "");
        Cmd.Result firstResult = first.get();
        assertNotEquals(3, firstResult.exit(), firstResult.toString());
        assertTrue(firstResult.err().contains("cannot connect to 127.0.0.1 port 1"), "it went on to connect: " + firstResult);
        assertEquals("10\n20\n", Files.readString(order), "run-parts order, the dotted name skipped");
        assertFalse(Files.exists(lock), "the lock file is removed at the end");

        // free again; and a stale pid in the file (no such process) does not block
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, "999999\n");
        Cmd.Result third = jar.run(args);
        assertNotEquals(3, third.exit(), third.toString());
        assertFalse(third.err().contains("another backup"), third.toString());
    }

    private static void script(Path p, String body) throws Exception {
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    }
}
