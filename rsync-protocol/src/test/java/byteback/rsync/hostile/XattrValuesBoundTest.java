package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.receiver.XattrValues;
import byteback.rsync.wire.ProtocolException;
import org.junit.jupiter.api.Test;

/** The full xattr values a session holds are bounded (see ServerProcessTest for the attack). */
class XattrValuesBoundTest {
    @Test
    void valuesBeyondTheBoundAreAProtocolError() throws ProtocolException {
        XattrValues v = new XattrValues(1000);
        v.put(0, 1, new byte[600]);
        ProtocolException e = assertThrows(ProtocolException.class, () -> v.put(0, 2, new byte[600]));
        assertTrue(e.getMessage().contains("memory limit"), e.getMessage());
        v.put(1, 1, new byte[400]); // the refused value was not counted
    }

    @Test
    void aReplacedValueIsNoLongerCounted() throws ProtocolException {
        XattrValues v = new XattrValues(1000);
        for (int i = 0; i < 100; i++) {
            v.put(0, 1, new byte[900]);
        }
        v.put(0, 1, new byte[] {7});
        v.put(0, 2, new byte[990]);
        assertArrayEquals(new byte[] {7}, v.get(0, 1));
    }

    @Test
    void theDefaultBoundIsASmallShareOfTheHeap() throws ProtocolException {
        long heap = Runtime.getRuntime().maxMemory();
        XattrValues v = new XattrValues();
        long bound = Math.min(256L << 20, Math.max(16L << 20, heap / 8));
        byte[] chunk = new byte[1 << 20];
        int n = (int) (bound >> 20);
        for (int i = 0; i < n; i++) {
            v.put(0, i, chunk);
        }
        assertThrows(ProtocolException.class, () -> v.put(0, n, chunk));
    }
}
