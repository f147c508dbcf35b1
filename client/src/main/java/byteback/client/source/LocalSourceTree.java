package byteback.client.source;

import byteback.rsync.sender.SourceEntry;
import byteback.rsync.sender.SourceTree;
import byteback.rsync.store.BasisFile;
import byteback.rsync.store.RsyncAcl;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.Xattr;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's own files as the sender's {@link SourceTree}: what a backup sends. Paths are
 * relative to {@code root} ("/" for a backup with --relative); every call goes through
 * {@link LocalFiles} on raw byte paths and never follows a final symlink.
 */
public final class LocalSourceTree implements SourceTree {
    private final byte[] root;

    public LocalSourceTree(byte[] root) {
        byte[] r = LocalTree.normalise(root);
        this.root = r.length == 1 ? new byte[0] : r; // "/" joins as "" + "/" + path
    }

    private byte[] abs(StorePath path) {
        if (path.isRoot()) return root.length == 0 ? new byte[] {'/'} : root;
        byte[] rel = path.bytes();
        byte[] a = new byte[root.length + 1 + rel.length];
        System.arraycopy(root, 0, a, 0, root.length);
        a[root.length] = '/';
        System.arraycopy(rel, 0, a, root.length + 1, rel.length);
        return a;
    }

    @Override
    public SourceEntry stat(StorePath path) throws IOException {
        LocalFile f = LocalFiles.lstat(abs(path));
        if (f == null) return null;
        return new SourceEntry(f.mode(), f.uid(), f.gid(), f.size(), f.mtimeSeconds(), f.mtimeNanos(), f.rdevMajor(),
                f.rdevMinor(), (f.devMajor() << 32) | f.devMinor(), f.inode(), f.nlink());
    }

    @Override
    public List<byte[]> list(StorePath dir) throws IOException {
        return LocalFiles.list(abs(dir));
    }

    @Override
    public BasisFile open(StorePath path) throws IOException {
        byte[] p = abs(path);
        int fd = Libc.C.open(p, Libc.O_RDONLY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC | 04000 /* O_NONBLOCK: a fifo swapped in does not hang */, 0);
        if (fd < 0) {
            int e = Libc.errno();
            if (e == Libc.ENOENT) throw new NoSuchFileException(new String(p, java.nio.charset.StandardCharsets.UTF_8));
            if (e == 40 /* ELOOP: now a symlink */) return null;
            throw LocalFiles.error(p, e);
        }
        try {
            if (LocalFiles.fileType(fd, p) != LocalFile.S_IFREG) return null;
            // the same open file, through its descriptor's name (ASCII), for positional reads
            FileChannel ch = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ);
            return new ChannelBasis(ch);
        } finally {
            Libc.C.close(fd);
        }
    }

    @Override
    public byte[] readLink(StorePath path) throws IOException {
        LocalFile f = LocalFiles.lstat(abs(path));
        if (f == null) throw new NoSuchFileException(path.toString());
        if (!f.isSymlink()) throw new IOException(path + " is no longer a symlink");
        return f.linkTarget();
    }

    @Override
    public List<Xattr> xattrs(StorePath path) throws IOException {
        List<Xattr> out = new ArrayList<>();
        for (LocalFiles.XattrValue x : LocalFiles.xattrs(abs(path))) out.add(new Xattr(x.name(), x.value()));
        return out;
    }

    @Override
    public RsyncAcl acl(StorePath path, boolean defaultAcl) throws IOException {
        PosixAcl a = LocalFiles.acl(abs(path), defaultAcl);
        if (a == null || (!defaultAcl && a.isMinimal())) return null;
        return a.toRsyncAcl();
    }

    @Override
    public void close() {
        // nothing held between calls
    }

    /** A regular file open for positional reads. */
    private static final class ChannelBasis implements BasisFile {
        private final FileChannel ch;
        private final long size;

        ChannelBasis(FileChannel ch) throws IOException {
            this.ch = ch;
            this.size = ch.size();
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            int n = ch.read(dst, position);
            return Math.max(n, 0);
        }

        @Override
        public void readFully(long position, byte[] buf, int off, int len) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(buf, off, len);
            long pos = position;
            while (b.hasRemaining()) {
                int n = ch.read(b, pos);
                if (n < 0) throw new EOFException("file ended at " + pos);
                pos += n;
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
