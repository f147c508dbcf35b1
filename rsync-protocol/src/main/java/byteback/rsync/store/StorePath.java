package byteback.rsync.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A validated relative path beneath a store's root: zero or more components separated by
 * {@code /}, each 1..255 bytes without {@code /} or NUL and none of them {@code .} or {@code ..}.
 * Names are byte strings as rsync sends them (not necessarily UTF-8). {@link #ROOT} (no
 * components) is the root itself; rsync's name {@code "."} parses to it.
 *
 * <p>Building one is the only validation a name from the wire needs; every {@link Store} method
 * takes a {@code StorePath}. Immutable.
 */
public final class StorePath implements Comparable<StorePath> {
    /** Longest component in bytes (Linux NAME_MAX). */
    public static final int MAX_NAME = 255;
    /** Longest path in bytes (Linux PATH_MAX less its NUL). */
    public static final int MAX_PATH = 4095;

    public static final StorePath ROOT = new StorePath(new byte[0][]);

    private final byte[][] components;

    private StorePath(byte[][] components) {
        this.components = components;
    }

    /**
     * Parses a name as rsync sends it ({@code a/b/c}, or {@code .} for the transfer's root).
     *
     * @throws UnsafePathException for an absolute name, an empty, {@code .} or {@code ..}
     *                             component, a NUL byte, or a name too long
     */
    public static StorePath parse(byte[] name) throws UnsafePathException {
        if (name.length == 0) throw unsafe("empty file name", name);
        if (name.length == 1 && name[0] == '.') return ROOT;
        if (name.length > MAX_PATH) throw unsafe("file name longer than " + MAX_PATH + " bytes", name);
        if (name[0] == '/') throw unsafe("absolute file name", name);
        List<byte[]> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= name.length; i++) {
            if (i == name.length || name[i] == '/') {
                parts.add(checkName(Arrays.copyOfRange(name, start, i), name));
                start = i + 1;
            } else if (name[i] == 0) {
                throw unsafe("NUL byte in file name", name);
            }
        }
        return new StorePath(parts.toArray(new byte[0][]));
    }

    /** {@link #parse(byte[])} of the UTF-8 bytes of {@code name}. */
    public static StorePath parse(String name) throws UnsafePathException {
        return parse(name.getBytes(StandardCharsets.UTF_8));
    }

    /** This path with one more component. */
    public StorePath resolve(byte[] childName) throws UnsafePathException {
        byte[] child = checkName(childName.clone(), childName);
        for (byte c : child) {
            if (c == '/') throw unsafe("'/' in a single file name", childName);
        }
        if (byteLength() + 1 + child.length > MAX_PATH) {
            throw unsafe("file name longer than " + MAX_PATH + " bytes", childName);
        }
        byte[][] c = Arrays.copyOf(components, components.length + 1);
        c[components.length] = child;
        return new StorePath(c);
    }

    /** {@link #resolve(byte[])} of the UTF-8 bytes of {@code childName}. */
    public StorePath resolve(String childName) throws UnsafePathException {
        return resolve(childName.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isRoot() {
        return components.length == 0;
    }

    /** The parent path; null for {@link #ROOT}. */
    public StorePath parent() {
        return isRoot() ? null : new StorePath(Arrays.copyOf(components, components.length - 1));
    }

    /** Number of components (0 for {@link #ROOT}). */
    public int depth() {
        return components.length;
    }

    /** Component {@code i} (a copy). */
    public byte[] component(int i) {
        return components[i].clone();
    }

    /** The last component (a copy); empty for {@link #ROOT}. */
    public byte[] name() {
        return isRoot() ? new byte[0] : components[components.length - 1].clone();
    }

    /** The path as rsync names it: components joined by {@code /}, {@code .} for the root. */
    public byte[] bytes() {
        if (isRoot()) return new byte[] {'.'};
        byte[] out = new byte[byteLength()];
        int p = 0;
        for (int i = 0; i < components.length; i++) {
            if (i > 0) out[p++] = '/';
            System.arraycopy(components[i], 0, out, p, components[i].length);
            p += components[i].length;
        }
        return out;
    }

    /** Whether {@code other} is this path or lies beneath it. */
    public boolean contains(StorePath other) {
        if (other.components.length < components.length) return false;
        for (int i = 0; i < components.length; i++) {
            if (!Arrays.equals(components[i], other.components[i])) return false;
        }
        return true;
    }

    byte[] rawComponent(int i) {
        return components[i];
    }

    private int byteLength() {
        int n = Math.max(0, components.length - 1);
        for (byte[] c : components) n += c.length;
        return n;
    }

    private static byte[] checkName(byte[] c, byte[] whole) throws UnsafePathException {
        if (c.length == 0) throw unsafe("empty component in file name", whole);
        if (c.length > MAX_NAME) throw unsafe("file name component longer than " + MAX_NAME + " bytes", whole);
        if (c.length == 1 && c[0] == '.') throw unsafe("'.' component in file name", whole);
        if (c.length == 2 && c[0] == '.' && c[1] == '.') throw unsafe("'..' component in file name", whole);
        for (byte b : c) {
            if (b == 0) throw unsafe("NUL byte in file name", whole);
        }
        return c;
    }

    private static UnsafePathException unsafe(String why, byte[] name) {
        return new UnsafePathException("unsafe file name rejected (" + why + "): " + printable(name));
    }

    /** The name for messages: UTF-8 where it decodes, control and odd bytes as \ooo, bounded. */
    static String printable(byte[] name) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(name.length, 300);
        String s = new String(name, 0, n, StandardCharsets.UTF_8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || ch == 0x7f || ch == '\ufffd') sb.append(String.format("\\%03o", (int) ch & 0xff));
            else sb.append(ch);
        }
        if (name.length > n) sb.append("...(").append(name.length).append(" bytes)");
        return '"' + sb.toString() + '"';
    }

    @Override
    public int compareTo(StorePath o) {
        int n = Math.min(components.length, o.components.length);
        for (int i = 0; i < n; i++) {
            int c = Arrays.compareUnsigned(components[i], o.components[i]);
            if (c != 0) return c;
        }
        return Integer.compare(components.length, o.components.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorePath p && Arrays.deepEquals(components, p.components);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(components);
    }

    @Override
    public String toString() {
        return printable(bytes());
    }
}
