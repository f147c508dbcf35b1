package byteback.client.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Walks the backup's sources as rsync's sender does with --relative from the root "/"
 * (rsync: flist.c send_file_list, send_directory): each source's parent directories are sent
 * as implied directories, the source itself, then everything beneath it that the filters let
 * through. With --one-file-system (-x) the walk does not descend into directories on another
 * filesystem (the mount point itself is still sent); given twice (-xx) it leaves the mount point
 * out too. Files that vanish are reported and skipped, as are those that cannot be read.
 */
public final class LocalTree {
    /** What the walk finds. */
    public interface Visitor {
        /**
         * @param name the path relative to "/" (what goes in the file list), raw bytes
         * @param implied true for a parent directory of a source (rsync's implied dirs)
         */
        void file(byte[] name, LocalFile file, boolean implied) throws IOException;

        /** A file that was listed but is gone (rsync: IOERR_VANISHED, exit 24). */
        default void vanished(byte[] name) {}

        /** A file or directory that could not be read (rsync: IOERR_GENERAL, exit 23). */
        default void unreadable(byte[] name, IOException why) {}
    }

    /** Whether a relative name is left out (the backup's filters). */
    public interface Exclusions {
        boolean excluded(byte[] name, boolean isDirectory);
    }

    private final Exclusions exclusions;
    private final int oneFileSystem;

    public LocalTree(Exclusions exclusions, int oneFileSystem) {
        this.exclusions = exclusions;
        this.oneFileSystem = oneFileSystem;
    }

    public void walk(List<String> sources, Visitor visitor) throws IOException {
        List<byte[]> seenImplied = new ArrayList<>();
        for (String source : sources) {
            byte[] abs = normalise(source.getBytes(StandardCharsets.UTF_8));
            byte[] rel = Arrays.copyOfRange(abs, 1, abs.length);
            // implied parent directories, once each
            for (int i = 0; i < rel.length; i++) {
                if (rel[i] != '/') continue;
                byte[] parent = Arrays.copyOf(rel, i);
                if (seenImplied.stream().anyMatch(p -> Arrays.equals(p, parent))) continue;
                seenImplied.add(parent);
                LocalFile f = LocalFiles.lstat(absolute(parent));
                if (f != null) visitor.file(parent, f, true);
            }
            LocalFile top = LocalFiles.lstat(abs);
            if (top == null) {
                visitor.vanished(rel);
                continue;
            }
            if (rel.length > 0) visitor.file(rel, top, false);
            else visitor.file(new byte[] {'.'}, top, false);
            if (top.isDirectory()) descend(rel, top, top, visitor);
        }
    }

    private void descend(byte[] rel, LocalFile dir, LocalFile sourceTop, Visitor visitor) throws IOException {
        List<byte[]> names;
        try {
            names = LocalFiles.list(absolute(rel));
        } catch (java.nio.file.NoSuchFileException e) {
            visitor.vanished(rel);
            return;
        } catch (IOException e) {
            visitor.unreadable(rel, e);
            return;
        }
        names.sort(Arrays::compareUnsigned);
        for (byte[] name : names) {
            byte[] child = rel.length == 0 ? name : concat(rel, name);
            LocalFile f;
            try {
                f = LocalFiles.lstat(absolute(child));
            } catch (IOException e) {
                visitor.unreadable(child, e);
                continue;
            }
            if (f == null) {
                visitor.vanished(child);
                continue;
            }
            if (exclusions.excluded(child, f.isDirectory())) continue;
            boolean otherFs = f.isDirectory() && (f.devMajor() != sourceTop.devMajor() || f.devMinor() != sourceTop.devMinor());
            if (otherFs && oneFileSystem >= 2) continue;
            visitor.file(child, f, false);
            if (f.isDirectory() && !(otherFs && oneFileSystem >= 1)) descend(child, f, sourceTop, visitor);
        }
    }

    private static byte[] absolute(byte[] rel) {
        byte[] a = new byte[rel.length + 1];
        a[0] = '/';
        System.arraycopy(rel, 0, a, 1, rel.length);
        return a;
    }

    private static byte[] concat(byte[] dir, byte[] name) {
        byte[] c = new byte[dir.length + 1 + name.length];
        System.arraycopy(dir, 0, c, 0, dir.length);
        c[dir.length] = '/';
        System.arraycopy(name, 0, c, dir.length + 1, name.length);
        return c;
    }

    /** Absolute, single slashes, no trailing slash (except "/"), no "." components. */
    static byte[] normalise(byte[] path) {
        String s = new String(path, StandardCharsets.ISO_8859_1);
        if (!s.startsWith("/")) s = System.getProperty("user.dir") + "/" + s;
        StringBuilder b = new StringBuilder();
        for (String part : s.split("/+")) {
            if (part.isEmpty() || part.equals(".")) continue;
            b.append('/').append(part);
        }
        return (b.length() == 0 ? "/" : b.toString()).getBytes(StandardCharsets.ISO_8859_1);
    }
}
