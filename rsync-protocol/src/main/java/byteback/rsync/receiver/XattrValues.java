package byteback.rsync.receiver;

import byteback.rsync.store.Xattr;
import byteback.rsync.memory.MemoryBudgetExceededException;
import byteback.rsync.memory.Reservation;
import byteback.rsync.wire.ProtocolException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The full values of abbreviated xattrs (rsync: xattrs.c XSTATE_ABBREV / TODO / DONE on the
 * shared xattr sets): found locally with the same checksum, or received from the client after a
 * request. The sender answers a request for a set's item only once, so each is asked for once.
 * Shared by the generator (asks) and the receiver (receives); thread-safe.
 *
 * <p>The values held are bounded: a hostile client can list thousands of abbreviated xattrs for
 * a few bytes each and then send up to 64 MiB for every one of them, which without a bound ends in
 * an OutOfMemoryError of the whole (shared) server JVM. Beyond {@link #maxBytes} the session ends
 * with a protocol error instead; and every value held is charged to the session's share of the
 * server's memory budget (when it has one), so that many sessions together stay within it.
 */
public final class XattrValues {
    private final Map<Long, byte[]> values = new ConcurrentHashMap<>();
    private final Set<Long> requested = ConcurrentHashMap.newKeySet();
    private long held; // guarded by this
    private final long maxBytes;
    private final Reservation reservation;

    /** At most an eighth of this JVM's heap (and 256 MiB), at least 16 MiB, for all values held. */
    public XattrValues() {
        this((Reservation) null);
    }

    /** As {@link #XattrValues()}, each value held charged to {@code reservation} (may be null). */
    public XattrValues(Reservation reservation) {
        this(Math.min(256L << 20, Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 8)), reservation);
    }

    public XattrValues(long maxBytes) {
        this(maxBytes, null);
    }

    public XattrValues(long maxBytes, Reservation reservation) {
        this.maxBytes = maxBytes;
        this.reservation = reservation;
    }

    /** What holding a value costs the heap: the array and its map entry. */
    private static long cost(byte[] value) {
        return value.length + ENTRY_OVERHEAD;
    }

    private static final long ENTRY_OVERHEAD = 96;

    private static long key(int set, int num) {
        return (long) set << 32 | (num & 0xFFFFFFFFL);
    }

    public byte[] get(int set, int num) {
        return values.get(key(set, num));
    }

    /**
     * Holds a value; a protocol error when all values held would exceed the memory bound, and
     * {@link MemoryBudgetExceededException} when the server's budget cannot hold it.
     */
    public void put(int set, int num, byte[] value) throws IOException {
        if (reservation != null) {
            reservation.reserve(cost(value)); // may wait for memory: not under this object's lock
        }
        byte[] old;
        boolean refused;
        synchronized (this) {
            long key = key(set, num);
            old = values.get(key);
            long total = held + value.length - (old == null ? 0 : old.length);
            refused = total > maxBytes;
            if (refused) {
                old = value; // not held: given back below
            } else {
                values.put(key, value);
                held = total;
            }
        }
        if (old != null && reservation != null) {
            reservation.release(cost(old));
        }
        if (refused) {
            throw new ProtocolException("xattr values exceed their memory limit of " + maxBytes + " bytes");
        }
    }

    /** Marks an item as asked for; false when it was asked for before. */
    public boolean request(int set, int num) {
        return requested.add(key(set, num));
    }

    /**
     * Resolves the abbreviated items of {@code f} that a local value with the same md5 satisfies
     * (rsync: xattrs.c xattr_diff), and returns the wire numbers still to be requested.
     */
    public List<Integer> resolve(ListedFile f, List<Xattr> local) throws IOException {
        List<Integer> ask = new ArrayList<>();
        for (AbbreviatedXattr a : f.abbreviatedXattrs()) {
            if (get(f.xattrSet(), a.wireNumber()) != null) {
                continue;
            }
            byte[] lv = valueOf(local, a.name());
            if (lv != null && Arrays.equals(md5(lv), a.checksum())) {
                put(f.xattrSet(), a.wireNumber(), lv);
            } else if (request(f.xattrSet(), a.wireNumber())) {
                ask.add(a.wireNumber());
            }
        }
        ask.sort(null);
        return ask;
    }

    /** The complete xattr list of {@code f}: the full values plus the resolved abbreviated ones, by name. */
    public List<Xattr> complete(ListedFile f) {
        if (f.xattrs() == null) {
            return null;
        }
        List<Xattr> all = new ArrayList<>(f.xattrs());
        for (AbbreviatedXattr a : f.abbreviatedXattrs()) {
            byte[] v = get(f.xattrSet(), a.wireNumber());
            if (v != null) {
                all.add(new Xattr(a.name(), v));
            }
        }
        all.sort((x, y) -> Arrays.compareUnsigned(x.name(), y.name()));
        return all;
    }

    /** The abbreviated item of {@code f} with this wire number, or null. */
    public static AbbreviatedXattr find(ListedFile f, int num) {
        for (AbbreviatedXattr a : f.abbreviatedXattrs()) {
            if (a.wireNumber() == num) {
                return a;
            }
        }
        return null;
    }

    private static byte[] valueOf(List<Xattr> local, byte[] name) {
        if (local == null) {
            return null;
        }
        for (Xattr x : local) {
            if (Arrays.equals(x.name(), name)) {
                return x.value();
            }
        }
        return null;
    }

    static byte[] md5(byte[] v) {
        try {
            return MessageDigest.getInstance("MD5").digest(v);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
