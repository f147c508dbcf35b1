package byteback.rsync.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One extended attribute as the client sees it: {@code name} as on the client (e.g.
 * {@code user.mime_type}, {@code trusted.md5}), without a trailing NUL, and its full value.
 * The store maps the name to its stored form (see the package description). Arrays are not copied;
 * do not change them after handing them over.
 */
public record Xattr(byte[] name, byte[] value) {
    public Xattr {
        if (name == null || value == null) throw new NullPointerException("xattr name and value");
    }

    public static Xattr of(String name, byte[] value) {
        return new Xattr(name.getBytes(StandardCharsets.UTF_8), value);
    }

    public String nameString() {
        return new String(name, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Xattr x && Arrays.equals(name, x.name) && Arrays.equals(value, x.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(name) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return nameString() + "=" + value.length + " bytes";
    }
}
