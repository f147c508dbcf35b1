package byteback.rsync.checksum;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian loads and stores on byte arrays (rsync: byteorder.h IVAL/SIVAL/SIVAL64). */
final class Le {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private Le() {
    }

    static long getLong(byte[] b, int off) {
        return (long) LONG.get(b, off);
    }

    static int getInt(byte[] b, int off) {
        return (int) INT.get(b, off);
    }

    /** rsync: byteorder.h SIVAL64. */
    static void putLong(byte[] b, int off, long v) {
        LONG.set(b, off, v);
    }

    /** rsync: byteorder.h SIVAL. */
    static void putInt(byte[] b, int off, int v) {
        INT.set(b, off, v);
    }
}
