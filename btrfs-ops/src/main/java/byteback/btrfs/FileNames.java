package byteback.btrfs;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Arrays;

/** File names as bytes, encoded the way the JVM itself encodes them for the kernel (sun.jnu.encoding). */
final class FileNames {

    private FileNames() {
    }

    private static final Charset JNU = charset();

    private static Charset charset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    static byte[] bytes(String name) {
        return name.getBytes(JNU);
    }

    /** A NUL-terminated copy for the C library. */
    static byte[] cString(String path) {
        byte[] b = bytes(path);
        return Arrays.copyOf(b, b.length + 1);
    }

    /** A path split into the directory that holds it and its name there. */
    record Entry(Path path, Path parent, String name, byte[] nameBytes) {
    }

    /**
     * Splits a path into parent directory and last name, for the ioctls that take a name inside a
     * directory. Relative paths are taken from the working directory.
     */
    static Entry entry(Path path, String failed) throws BtrfsException {
        Path absolute = path.toAbsolutePath();
        Path name = absolute.getFileName();
        Path parent = absolute.getParent();
        if (name == null || parent == null) {
            throw new BtrfsException(BtrfsException.Reason.OTHER, failed + ": the filesystem's root directory has no name to use");
        }
        String n = name.toString();
        if (n.equals(".") || n.equals("..")) {
            throw new BtrfsException(BtrfsException.Reason.OTHER, failed + ": the path must end in a name, not in \"" + n + "\"");
        }
        byte[] b = bytes(n);
        if (b.length > VolumeArgs.NAME_MAX) {
            throw new BtrfsException(BtrfsException.Reason.OTHER, failed + ": the name is longer than " + VolumeArgs.NAME_MAX + " bytes");
        }
        if (n.indexOf('\0') >= 0) {
            throw new BtrfsException(BtrfsException.Reason.OTHER, failed + ": the name contains a NUL character");
        }
        return new Entry(absolute, parent, n, b);
    }
}
