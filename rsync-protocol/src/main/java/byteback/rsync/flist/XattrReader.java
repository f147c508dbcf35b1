package byteback.rsync.flist;

import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads the per-entry xattr data and keeps the sets for index references (rsync: xattrs.c). */
final class XattrReader {
    /** rsync: xattrs.c MAX_FULL_DATUM — longer values travel as a checksum. */
    static final int MAX_FULL_DATUM = 32;
    /** rsync: rsync.h MAX_WIRE_XATTR_NAMELEN (including the NUL). */
    static final int MAX_NAME = 4096;

    private static final byte[] USER_PREFIX = "user.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RSYNC_PREFIX = "user.rsync.".getBytes(StandardCharsets.US_ASCII);

    private final List<XattrSet> sets = new ArrayList<>();
    private final int sumLength;
    private final FileListLimits limits;
    private final Budget budget;

    XattrReader(int sumLength, FileListLimits limits, Budget budget) {
        this.sumLength = sumLength;
        this.limits = limits;
        this.budget = budget;
    }

    /** rsync: xattrs.c receive_xattr — an index to an earlier set (1-based) or 0 and a new set. */
    XattrSet read(WireInput in, String entryName) throws IOException {
        int ndx = in.readVarint();
        if (ndx < 0 || ndx > sets.size()) {
            throw new ProtocolException("xattr set index " + ndx + " out of range (" + sets.size()
                    + " sets so far) for " + entryName);
        }
        if (ndx != 0) {
            return sets.get(ndx - 1);
        }
        int count = WireBytes.varint(in, 0, limits.maxXattrsPerFile(), "xattr count");
        List<Xattr> list = new ArrayList<>();
        boolean mapped = false;
        for (int num = 1; num <= count; num++) {
            int nameLen = WireBytes.varint(in, 0, MAX_NAME, "xattr name length");
            int datumLen = WireBytes.varint(in, 0, Integer.MAX_VALUE, "xattr value length");
            if (datumLen > limits.maxXattrValue()) {
                throw new ProtocolException("xattr value of " + datumLen
                        + " bytes exceeds the per-value limit for " + entryName);
            }
            byte[] rawName = WireBytes.read(in, nameLen);
            if (nameLen < 2 || rawName[nameLen - 1] != 0) {
                throw new ProtocolException("invalid xattr name (empty or missing trailing NUL) for "
                        + entryName);
            }
            byte[] name = Arrays.copyOf(rawName, nameLen - 1);
            for (byte b : name) {
                if (b == 0) {
                    throw new ProtocolException("xattr name contains a NUL byte for " + entryName);
                }
            }
            byte[] value = null;
            byte[] sum = null;
            if (datumLen > MAX_FULL_DATUM) {
                sum = WireBytes.read(in, sumLength);
            } else {
                value = WireBytes.read(in, datumLen);
            }
            budget.chargeLasting(64 + name.length + RSYNC_PREFIX.length
                    + (value != null ? value.length : sum.length));
            // rsync (fake-super receiver, am_root < 0): other namespaces go below user.rsync.
            if (!startsWith(name, USER_PREFIX)) {
                name = concat(RSYNC_PREFIX, name);
                mapped = true;
            }
            // rsync: rsync's own user.rsync.%FOO attributes are not copied without -XX
            if (name.length > RSYNC_PREFIX.length && name[RSYNC_PREFIX.length] == '%'
                    && startsWith(name, RSYNC_PREFIX)) {
                continue;
            }
            list.add(new Xattr(name, value, datumLen, sum, num));
        }
        if (mapped) {
            list.sort(Comparator.comparing(Xattr::name, Arrays::compareUnsigned));
        }
        dropDuplicateNames(list);
        XattrSet set = new XattrSet(sets.size(), list);
        sets.add(set);
        return set;
    }

    /**
     * Two attributes mapped to the same stored name (e.g. "trusted.a" and "user.rsync.trusted.a"):
     * keep the one the sender listed first, so what is stored is well defined.
     */
    private static void dropDuplicateNames(List<Xattr> list) {
        if (list.size() < 2) {
            return;
        }
        Set<String> seen = new HashSet<>();
        List<Xattr> keep = new ArrayList<>(list.size());
        List<Xattr> byWire = new ArrayList<>(list);
        byWire.sort(Comparator.comparingInt(Xattr::wireNumber));
        Set<Integer> dropped = new HashSet<>();
        for (Xattr x : byWire) {
            if (!seen.add(new String(x.name(), StandardCharsets.ISO_8859_1))) {
                dropped.add(x.wireNumber());
            }
        }
        if (dropped.isEmpty()) {
            return;
        }
        for (Xattr x : list) {
            if (!dropped.contains(x.wireNumber())) {
                keep.add(x);
            }
        }
        list.clear();
        list.addAll(keep);
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length
                && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
