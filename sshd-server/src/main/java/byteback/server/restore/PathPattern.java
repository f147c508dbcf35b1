package byteback.server.restore;

import java.util.ArrayList;
import java.util.List;

/**
 * A path pattern of the original byteback-restore, compiled: the pattern made absolute and
 * normalised as the original does ({@code File.expand_path(p, "/")}: {@code //}, {@code .} and
 * {@code ..} resolved textually, a trailing {@code /} dropped), brace-expanded
 * ({@link Braces}), and each alternative split into {@link Segment}s at {@code /}. An alternative
 * that names {@code ..} after brace expansion is refused: the original would have climbed out of
 * the snapshot there. Pure.
 *
 * @param source       the pattern as the client gave it (decoded bytes)
 * @param alternatives one segment list per brace alternative
 */
record PathPattern(byte[] source, List<List<Segment>> alternatives) {

    /** Longest pattern accepted (bytes, after decoding): rsync's MAXPATHLEN. */
    static final int MAX_LENGTH = 4096;

    /** One {@code /}-separated component of a pattern. */
    sealed interface Segment {}

    /** A name without wildcards: looked up directly. */
    record Literal(byte[] name) implements Segment {}

    /** A name with {@code * ? [set]}: matched against a directory's entries ({@link NameGlob}). */
    record Wild(int[] pattern) implements Segment {}

    /** {@code **} followed by {@code /}: zero or more directories, not hidden ones. */
    record Recursive() implements Segment {}

    /**
     * A {@code .} component, or an empty last one (a trailing {@code /}) left by brace
     * expansion: the entry before it, if it is a directory (Ruby: {@code dir/.}, {@code dir/}).
     */
    record Self() implements Segment {}

    static PathPattern compile(byte[] pattern) throws PatternException {
        if (pattern.length > MAX_LENGTH) throw new PatternException("pattern longer than " + MAX_LENGTH + " bytes");
        int[] normal = Chars.of(normalise(pattern));
        List<int[]> expanded;
        try {
            expanded = Braces.expand(normal);
        } catch (Braces.TooManyException e) {
            throw new PatternException(e.getMessage());
        }
        List<List<Segment>> alternatives = new ArrayList<>();
        for (int[] alt : expanded) {
            alternatives.add(segments(alt, pattern));
        }
        return new PathPattern(pattern, alternatives);
    }

    /** Ruby's {@code File.expand_path(p, "/")} on bytes (no {@code ~} expansion). */
    static byte[] normalise(byte[] p) {
        List<byte[]> parts = new ArrayList<>();
        int i = 0;
        while (i <= p.length) {
            int j = i;
            while (j < p.length && p[j] != '/') j++;
            int len = j - i;
            if (len == 0 || (len == 1 && p[i] == '.')) {
                // nothing
            } else if (len == 2 && p[i] == '.' && p[i + 1] == '.') {
                if (!parts.isEmpty()) parts.remove(parts.size() - 1);
            } else {
                parts.add(java.util.Arrays.copyOfRange(p, i, j));
            }
            i = j + 1;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(p.length + 1);
        if (parts.isEmpty()) out.write('/');
        for (byte[] part : parts) {
            out.write('/');
            out.write(part, 0, part.length);
        }
        return out.toByteArray();
    }

    private static List<Segment> segments(int[] alt, byte[] source) throws PatternException {
        List<Segment> out = new ArrayList<>();
        int i = 0;
        while (i <= alt.length) {
            int j = separator(alt, i);
            int[] part = java.util.Arrays.copyOfRange(alt, i, j);
            boolean last = j >= alt.length;
            if (part.length == 0 && !(last && i > 0)) {
                // "//" from brace alternatives: one separator
            } else if (part.length == 0 || (part.length == 1 && part[0] == '.')) {
                out.add(new Self());
            } else if (part.length == 2 && part[0] == '*' && part[1] == '*' && !last) {
                out.add(new Recursive());
            } else if (NameGlob.hasMagic(part)) {
                out.add(new Wild(part));
            } else {
                int[] name = NameGlob.unescape(part);
                if (name.length == 2 && name[0] == '.' && name[1] == '.') {
                    throw new PatternException("pattern " + printable(source) + " names \"..\" after brace expansion;"
                            + " patterns stay inside the snapshot");
                }
                out.add(name.length == 1 && name[0] == '.' ? new Self() : new Literal(Chars.toBytes(name)));
            }
            i = j + 1;
        }
        return out;
    }

    /**
     * The next {@code /} that separates components, from {@code i} (dir.c find_dirsep): not one
     * inside an open {@code [...]}, not an escaped one; the length when there is none.
     */
    private static int separator(int[] p, int i) {
        boolean open = false;
        for (; i < p.length; i++) {
            int c = p[i];
            if (c == '[') {
                open = true;
            } else if (c == ']') {
                open = false;
            } else if (c == '/' && !open) {
                return i;
            } else if (c == '\\') {
                if (++i >= p.length) return p.length;
            }
        }
        return p.length;
    }

    static String printable(byte[] s) {
        StringBuilder b = new StringBuilder("\"");
        for (byte x : s) {
            int c = x & 0xff;
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                b.append(String.format("\\x%02x", c));
            } else {
                b.append((char) c);
            }
        }
        // bytes above 0x7f show as Latin-1 here; the log and messages only need them recognisable
        return b.append('"').toString();
    }
}
