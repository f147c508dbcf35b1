package byteback.rsync.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Md4Test {
    private static String md4(String s) {
        byte[] in = s.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[16];
        Md4 md = new Md4();
        md.update(in, 0, in.length);
        md.digest(out, 0);
        return HexFormat.of().formatHex(out);
    }

    @Test
    void rfc1320TestSuite() {
        assertEquals("31d6cfe0d16ae931b73c59d7e0c089c0", md4(""));
        assertEquals("bde52cb31de33e46245e05fbdbd6fb24", md4("a"));
        assertEquals("a448017aaf21d8525fc10ae87aa6729d", md4("abc"));
        assertEquals("d9130a8164549fe818874806e1c7014b", md4("message digest"));
        assertEquals("d79e1c308aa5bbcdeea8ed63df412da9", md4("abcdefghijklmnopqrstuvwxyz"));
        assertEquals("043f8582f241db351ce627e153e7f0e4",
                md4("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"));
        assertEquals("e33b4ddc9c38f2199c3e7b164fcc0536",
                md4("12345678901234567890123456789012345678901234567890123456789012345678901234567890"));
    }

    @Test
    void feedingInPiecesGivesTheSameDigest() {
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        byte[] whole = new byte[16];
        byte[] pieces = new byte[16];
        Md4 md = new Md4();
        md.update(data, 0, data.length);
        md.digest(whole, 0);
        for (int i = 0; i < data.length; i += 37) {
            md.update(data, i, Math.min(37, data.length - i));
        }
        md.digest(pieces, 0);
        assertEquals(HexFormat.of().formatHex(whole), HexFormat.of().formatHex(pieces));
    }

    @Test
    void bustedMd4SkipsThePaddingOnWholeBlocks() {
        // rsync before protocol 27: 64 bytes -> raw state after one block, no padding block
        byte[] data = new byte[64];
        byte[] busted = new byte[16];
        byte[] proper = new byte[16];
        new Md4(true, true).digest(busted, 0);
        assertEquals("0123456789abcdeffedcba9876543210", HexFormat.of().formatHex(busted));
        Md4 b = new Md4(true, true);
        b.update(data, 0, 64);
        b.digest(busted, 0);
        Md4 p = new Md4();
        p.update(data, 0, 64);
        p.digest(proper, 0);
        assertEquals(false, HexFormat.of().formatHex(busted).equals(HexFormat.of().formatHex(proper)));
        // with a partial block the busted variant pads like MD4 (lengths below 512 MiB)
        Md4 b2 = new Md4(true, true);
        b2.update(data, 0, 10);
        b2.digest(busted, 0);
        Md4 p2 = new Md4();
        p2.update(data, 0, 10);
        p2.digest(proper, 0);
        assertEquals(HexFormat.of().formatHex(proper), HexFormat.of().formatHex(busted));
    }
}
