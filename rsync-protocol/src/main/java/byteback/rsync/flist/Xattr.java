package byteback.rsync.flist;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One extended attribute of a file-list entry, as the receiver will store it.
 *
 * <p>The name is already mapped the way {@code rsync --fake-super} maps it on a receiver: names in
 * the {@code user.} namespace stay as they are, every other namespace gets the prefix
 * {@code user.rsync.} (rsync: xattrs.c receive_xattr, am_root &lt; 0). The name has no trailing NUL.
 *
 * <p>A value longer than 32 bytes (rsync: MAX_FULL_DATUM) is sent <em>abbreviated</em>: only its
 * checksum travels in the list, {@link #value()} is {@code null} and {@link #checksum()} holds it.
 * The generator compares it with the stored value's checksum and, when they differ, asks the
 * sender for the full value by {@link #wireNumber()} (rsync: xattrs.c send_xattr_request /
 * recv_xattr_request); that round trip is rsync-core's.
 *
 * @param name       attribute name bytes, mapped for fake-super storage, no NUL
 * @param value      the full value, or {@code null} when abbreviated
 * @param length     the value's length as the sender declared it
 * @param checksum   the value's checksum when abbreviated (xattrSumLength bytes), else {@code null}
 * @param wireNumber 1-based position of this attribute in the sender's set, the number a request
 *                   for the full value uses (rsync: rsync_xa.num)
 */
public record Xattr(byte[] name, byte[] value, int length, byte[] checksum, int wireNumber) {

    public boolean abbreviated() {
        return value == null;
    }

    public String nameString() {
        return new String(name, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Xattr x && Arrays.equals(name, x.name) && Arrays.equals(value, x.value)
                && length == x.length && Arrays.equals(checksum, x.checksum)
                && wireNumber == x.wireNumber;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(name) * 31 + Arrays.hashCode(value) + length;
    }

    @Override
    public String toString() {
        return nameString() + (abbreviated() ? "=<abbreviated " + length + " bytes>"
                : "=" + new String(value, StandardCharsets.ISO_8859_1));
    }
}
