package byteback.server.auth;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/** Syntactically valid SSH public keys for parser tests. */
final class TestKeys {
    private TestKeys() {}

    static byte[] blob(String type, long seed) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[32];
        new Random(seed).nextBytes(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(t.length).array());
        out.writeBytes(t);
        out.writeBytes(ByteBuffer.allocate(4).putInt(body.length).array());
        out.writeBytes(body);
        return out.toByteArray();
    }

    static String line(String type, long seed, String comment) {
        return type + " " + Base64.getEncoder().encodeToString(blob(type, seed)) + (comment.isEmpty() ? "" : " " + comment);
    }
}
