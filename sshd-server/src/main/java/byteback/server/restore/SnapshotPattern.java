package byteback.server.restore;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The {@code --snapshot} argument: a snapshot name, {@code current}, or a glob over them
 * ({@code *} for all, {@code 2026-11-*}), limited to the characters the original accepts
 * (lib/byteback/restore.rb: {@code [a-z0-9:+*-]}, any case). The original warns about anything
 * else and lists every snapshot instead; we refuse it. Pure.
 */
record SnapshotPattern(String text, int[] glob) {
    private static final Pattern ALLOWED = Pattern.compile("[a-zA-Z0-9:+*\\-]+");

    static final SnapshotPattern ALL = of0("*");

    static SnapshotPattern of(String text) throws PatternException {
        if (text == null || !ALLOWED.matcher(text).matches() || text.length() > 255) {
            throw new PatternException("bad snapshot " + (text == null ? "(none)" : PathPattern.printable(text.getBytes(StandardCharsets.UTF_8)))
                    + ": give a snapshot's name (e.g. 2026-11-26T21:30+0000), current, or a pattern of"
                    + " letters, digits, ':', '+', '-' and '*' ('*' for all)");
        }
        return of0(text);
    }

    private static SnapshotPattern of0(String text) {
        return new SnapshotPattern(text, Chars.of(text.getBytes(StandardCharsets.US_ASCII)));
    }

    boolean matches(byte[] name) {
        return NameGlob.matches(glob, Chars.of(name));
    }
}
