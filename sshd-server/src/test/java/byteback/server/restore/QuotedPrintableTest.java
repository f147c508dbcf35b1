package byteback.server.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class QuotedPrintableTest {
    @Test
    void decodesWhatTheOriginalClientSends() {
        assertEquals("/etc/passwd", decode("/etc/passwd"));
        assertEquals("/home/a b/c=d", decode("/home/a=20b/c=3Dd"));
        assertEquals("/x/é", decode("/x/=C3=A9"));
        assertEquals("/x/é", decode("/x/=c3=a9"));
        assertEquals("/x/*.{c,h}", decode("/x/*.{c,h}"));
        // Ruby's unpack("M") stops at a bad escape and keeps the rest, with the "=\n" decode_args appended
        assertEquals("a=zz=\n", decode("a=zz"));
        assertEquals("/home/x", decode("/home/=\nx"));
    }

    @Test
    void encodesAsTheOriginalClient() {
        assertEquals("/home/a=20b/c=3Dd/=C3=A9", QuotedPrintable.encode("/home/a b/c=d/é".getBytes(StandardCharsets.UTF_8)));
        assertEquals("/etc/*", QuotedPrintable.encode("/etc/*".getBytes(StandardCharsets.UTF_8)));
    }

    @Property
    void decodingUndoesEncoding(@ForAll byte[] raw) {
        assertArrayEquals(raw, QuotedPrintable.decode(QuotedPrintable.encode(raw)));
    }

    private static String decode(String s) {
        return new String(QuotedPrintable.decode(s), StandardCharsets.UTF_8);
    }
}
