package byteback.server.diff;

import byteback.server.diff.Change.Aspect;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The text of a diff, one path a line, the path last (as {@code borg diff} prints it):
 * <pre>
 * added    file      1250 B  etc/new.conf
 * removed  dir               var/cache/old
 * changed  content 1200 B -&gt; 1250 B, mode -rw-r--r-- -&gt; -rwx------  etc/passwd
 * </pre>
 * Names are printed as UTF-8 with control characters and undecodable bytes as {@code \ooo} and a
 * backslash as {@code \\}, so that every line is one path.
 */
public final class DiffFormat {
    private DiffFormat() {}

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    public static String line(Change c) {
        String path = printable(c.path());
        return switch (c.kind()) {
            case ADDED, REMOVED -> String.format("%-8s %-9s %s  %s", c.kind() == Change.Kind.ADDED ? "added" : "removed",
                    c.type().word(), c.type() == EntryType.FILE ? String.format("%10s", c.size() + " B") : " ".repeat(10), path);
            case CHANGED -> "changed  " + aspects(c.aspects()) + "  " + path;
        };
    }

    static String aspects(List<Aspect> aspects) {
        StringBuilder sb = new StringBuilder();
        for (Aspect a : aspects) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(a.what().word()).append(' ');
            if (a.before().isEmpty()) sb.append(a.after());
            else sb.append(a.before()).append(" -> ").append(a.after());
        }
        return sb.toString();
    }

    /** The closing line: counts and how the changes were found. */
    public static String summary(DiffResult r) {
        long added = r.changes().stream().filter(c -> c.kind() == Change.Kind.ADDED).count();
        long removed = r.changes().stream().filter(c -> c.kind() == Change.Kind.REMOVED).count();
        long changed = r.changes().size() - added - removed;
        return String.format("%s -> %s: %d added, %d removed, %d changed (%s, %.2f s)", r.from(), r.to(), added, removed,
                changed, r.method().description(), r.elapsed().toMillis() / 1000.0);
    }

    /** {@code ls -l}'s mode string, with set-id and sticky bits, e.g. {@code -rwsr-xr-x}, {@code drwxrwxrwt}. */
    public static String modeString(int mode) {
        char[] s = new char[10];
        s[0] = EntryType.of(mode).letter();
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) s[1 + i] = (mode & (0400 >> i)) != 0 ? rwx.charAt(i) : '-';
        if ((mode & 04000) != 0) s[3] = s[3] == 'x' ? 's' : 'S';
        if ((mode & 02000) != 0) s[6] = s[6] == 'x' ? 's' : 'S';
        if ((mode & 01000) != 0) s[9] = s[9] == 'x' ? 't' : 'T';
        return new String(s);
    }

    static String time(Instant t) {
        return TIME.format(t) + (t.getNano() != 0 ? String.format(".%09d", t.getNano()) : "");
    }

    /** A name on one line: UTF-8, control characters and bad bytes as {@code \ooo}, {@code \} as {@code \\}. */
    public static String printable(byte[] name) {
        if (name == null) return "";
        StringBuilder sb = new StringBuilder(name.length);
        int i = 0;
        while (i < name.length) {
            int b = name[i] & 0xff;
            int len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
            boolean valid = len > 0 && i + len <= name.length;
            for (int k = 1; valid && k < len; k++) valid = (name[i + k] & 0xc0) == 0x80;
            if (valid && len > 1) {
                String s = new String(name, i, len, StandardCharsets.UTF_8);
                valid = !s.contains("\ufffd");
                if (valid) {
                    sb.append(s);
                    i += len;
                    continue;
                }
            }
            if (valid && b >= 0x20 && b != 0x7f && b != '\\') sb.append((char) b);
            else if (b == '\\') sb.append("\\\\");
            else sb.append(String.format("\\%03o", b));
            i++;
        }
        return sb.toString();
    }
}
