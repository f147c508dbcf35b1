package byteback.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * One backup or snapshot of a client at a time, across processes: an exclusive lock (fcntl,
 * released by the kernel when the holder dies) on {@code ROOT/.byteback/locks/<client>.lock}.
 * The server holds it while it receives a backup or snapshots; the admin CLI's {@code snapshot}
 * takes it too, so it cannot snapshot a half-written {@code current}.
 */
public final class BackupLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private BackupLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a client. */
    public static Path file(Store store, String client) {
        return store.stateDir().resolve("locks").resolve(store.clientDir(client).getFileName() + ".lock");
    }

    /**
     * Takes the client's lock if nobody (this process included) holds it.
     *
     * @return the lock, or empty when a backup or snapshot of the client is running
     */
    public static Optional<BackupLock> tryAcquire(Store store, String client, Ownership ownership) throws IOException {
        Path f = file(store, client);
        Ownership.createPrivateDirectories(f.getParent(), ownership);
        try {
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            ownership.apply(f);
        } catch (FileAlreadyExistsException e) {
            // kept between runs: removing it could split one lock into two
        }
        FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return Optional.empty();
            }
            return Optional.of(new BackupLock(ch, l));
        } catch (OverlappingFileLockException e) {
            ch.close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
