package byteback.rsync.sender;

import byteback.rsync.checksum.ChecksumAlgorithm;
import byteback.rsync.checksum.StrongChecksum;
import byteback.rsync.wire.ProtocolException;
import byteback.rsync.store.Xattr;
import byteback.rsync.wire.WireInput;
import byteback.rsync.wire.WireOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a file's xattrs after its file-list entry (rsync: xattrs.c send_xattr): the index of an
 * identical set sent before, or the set in full with values longer than 32 bytes abbreviated to
 * their md5; later, the values the client asks for (rsync: xattrs.c recv_xattr_request on the
 * sender, send_xattr_request).
 */
final class XattrSender {
    /** rsync: xattrs.c MAX_FULL_DATUM. */
    static final int MAX_FULL_DATUM = 32;
    /** Bound on the distinct sets remembered for abbreviation (each costs its names and sums). */
    private static final int MAX_SETS = 100_000;

    private final Map<List<Item>, Integer> sets = new HashMap<>();
    private final List<List<Item>> byIndex = new ArrayList<>();

    /** An xattr as it is compared and sent: name, full length, and value or md5 of it. */
    record Item(byte[] name, int length, byte[] datum) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Item i && i.length == length && Arrays.equals(i.name, name) && Arrays.equals(i.datum, datum);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(name) * 31 + Arrays.hashCode(datum) + length;
        }

        boolean abbreviated() {
            return length > MAX_FULL_DATUM;
        }
    }

    /**
     * rsync: xattrs.c send_xattr.
     *
     * @return the set's index (the file's F_XATTR)
     */
    int send(WireOutput out, List<Xattr> xattrs, int protocol) throws IOException {
        List<Item> items = new ArrayList<>(xattrs.size());
        for (Xattr x : xattrs) {
            byte[] v = x.value();
            byte[] datum = v;
            if (v.length > MAX_FULL_DATUM) {
                StrongChecksum md5 = StrongChecksum.fileChecksum(ChecksumAlgorithm.MD5, 0, protocol);
                md5.update(v, 0, v.length);
                datum = md5.digest();
            }
            items.add(new Item(x.name(), v.length, datum));
        }
        Integer known = sets.get(items);
        out.writeVarint(known == null ? 0 : known + 1);
        if (known != null) {
            return known;
        }
        out.writeVarint(items.size());
        for (Item i : items) {
            out.writeVarint(i.name.length + 1); // rsync: the name's length counts its NUL
            out.writeVarint(i.length);
            out.write(i.name, 0, i.name.length);
            out.writeByte(0);
            out.write(i.datum, 0, i.datum.length);
        }
        int ndx = byIndex.size();
        byIndex.add(items);
        if (sets.size() < MAX_SETS) {
            sets.put(items, ndx);
        }
        return ndx;
    }

    /**
     * rsync: xattrs.c recv_xattr_request on the sender: the numbers of the abbreviated values the
     * client wants for a file of set {@code set} (relative steps, either direction). Each must
     * name an abbreviated item of the set.
     */
    java.util.SortedSet<Integer> readRequest(WireInput in, int set) throws IOException {
        List<Item> items = set >= 0 && set < byIndex.size() ? byIndex.get(set) : List.of();
        java.util.SortedSet<Integer> wanted = new java.util.TreeSet<>();
        long num = 0;
        while (true) {
            int rel = in.readVarint();
            if (rel == 0) {
                return wanted;
            }
            num += rel;
            if (num < 1 || num > items.size()) {
                throw new ProtocolException("could not find xattr #" + num + " (the set has " + items.size() + ")");
            }
            if (!items.get((int) num - 1).abbreviated()) {
                throw new ProtocolException("xattr request for #" + num + ", which was sent in full");
            }
            wanted.add((int) num);
        }
    }

    /**
     * rsync: xattrs.c send_xattr_request — the wanted values, read again from the file
     * ({@code current}), in increasing order, then a 0.
     */
    void writeValues(WireOutput out, int set, java.util.SortedSet<Integer> wanted, List<Xattr> current)
            throws IOException {
        List<Item> items = byIndex.get(set);
        int prior = 0;
        for (int n : wanted) {
            Item it = items.get(n - 1);
            out.writeVarint(n - prior);
            prior = n;
            byte[] value = null;
            for (Xattr x : current) {
                if (Arrays.equals(x.name(), it.name)) {
                    value = x.value();
                    break;
                }
            }
            if (value == null) {
                out.writeVarint(0);
                continue;
            }
            out.writeVarint(value.length);
            out.write(value, 0, value.length);
        }
        out.writeByte(0);
    }
}
