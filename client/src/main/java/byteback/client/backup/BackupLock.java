package byteback.client.backup;

import byteback.client.ClientException;
import byteback.client.ExitCodes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One backup at a time: an exclusive lock on /var/lock/byteback/byteback-backup.lock (the
 * original's file) that holds our pid. The kernel drops the lock when the process dies, so a
 * stale file never blocks. The original's pid check is honoured too: a file naming a live
 * byteback process that is not locked (the Ruby client) also means "running".
 */
public final class BackupLock implements AutoCloseable {
    public static final Path DEFAULT = Path.of("/var/lock/byteback/byteback-backup.lock");

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private BackupLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    public static BackupLock acquire(Path file) throws ClientException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new ClientException("cannot create the lock directory " + file.getParent() + ": " + e.getMessage()
                    + " (run as root?)", ExitCodes.FAILURE, e);
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                String pid = readPid(ch);
                ch.close();
                throw new ClientException("another backup is running (pid " + pid + " holds " + file + ")", ExitCodes.LOCKED);
            }
            String old = readPid(ch);
            if (!old.isEmpty() && isOriginalClientRunning(old)) {
                l.release();
                ch.close();
                throw new ClientException("another backup is running (pid " + old + " from " + file + ")", ExitCodes.LOCKED);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(false);
            return new BackupLock(file, ch, l);
        } catch (ClientException e) {
            throw e;
        } catch (IOException e) {
            try {
                if (ch != null) ch.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
            throw new ClientException("cannot take the lock " + file + ": " + e.getMessage() + " (run as root?)",
                    ExitCodes.FAILURE, e);
        }
    }

    private static String readPid(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
    }

    /** The Ruby client writes its pid without locking: alive and a byteback-backup means running. */
    private static boolean isOriginalClientRunning(String pidText) {
        long pid;
        try {
            pid = Long.parseLong(pidText);
        } catch (NumberFormatException e) {
            return false;
        }
        if (pid <= 1 || pid == ProcessHandle.current().pid()) return false;
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().commandLine())
                .map(c -> c.contains("byteback-backup") && !c.contains("java"))
                .orElse(false);
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the kernel releases the lock with the process anyway
        }
    }
}
