package byteback.server.restore;

import byteback.rsync.protocol.FileMode;
import byteback.rsync.store.StoredEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The listing the original prints (lib/byteback/restore.rb list): a heading
 * {@code snapshot modestring size uid gid mtime path}, a rule of dashes, then one row per copy;
 * every column left-aligned to its widest cell (counted in characters) and followed by one space,
 * a symlink's row ending in {@code -> target}. The mtime is Ruby's Time#to_s in the server's
 * zone ({@code 2015-11-29 09:26:10 +0000}). Pure.
 */
final class ListingTable {
    private ListingTable() {}

    static final List<String> HEADING = List.of("snapshot", "modestring", "size", "uid", "gid", "mtime", "path");
    private static final DateTimeFormatter RUBY_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xx");

    /** The table, each line ending in a newline. */
    static byte[] format(List<StoredVersion> rows, ZoneId zone) {
        List<byte[][]> table = new ArrayList<>(rows.size() + 1);
        byte[][] heading = new byte[HEADING.size()][];
        for (int i = 0; i < heading.length; i++) heading[i] = ascii(HEADING.get(i));
        table.add(heading);
        for (StoredVersion v : rows) table.add(cells(v, zone));
        int[] widths = new int[HEADING.size()];
        for (byte[][] cells : table) {
            for (int i = 0; i < cells.length; i++) widths[i] = Math.max(widths[i], Chars.width(cells[i]));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + rows.size() * 100);
        boolean first = true;
        for (byte[][] cells : table) {
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) out.write(' ');
                out.write(cells[i], 0, cells[i].length);
                for (int pad = Chars.width(cells[i]); pad < widths[i]; pad++) out.write(' ');
            }
            out.write('\n');
            if (first) {
                int bar = widths.length;
                for (int w : widths) bar += w;
                for (int k = 0; k < bar; k++) out.write('-');
                out.write('\n');
                first = false;
            }
        }
        return out.toByteArray();
    }

    static byte[][] cells(StoredVersion v, ZoneId zone) {
        StoredEntry e = v.entry();
        byte[] path = v.path();
        if (FileMode.isSymlink(e.mode()) && e.symlinkTarget() != null) {
            path = concat(path, ascii(" -> "), chomp(e.symlinkTarget()));
        }
        return new byte[][] {
            ascii(v.snapshot()),
            ascii(ModeString.of(e.mode())),
            ascii(Long.toString(e.size())),
            ascii(Integer.toUnsignedString(e.uid())),
            ascii(Integer.toUnsignedString(e.gid())),
            ascii(RUBY_TIME.format(ZonedDateTime.ofInstant(e.mtime(), zone))),
            path,
        };
    }

    /** Ruby's String#chomp: one trailing "\n", "\r\n" or "\r" removed. */
    static byte[] chomp(byte[] s) {
        int n = s.length;
        if (n > 0 && s[n - 1] == '\n') {
            n--;
            if (n > 0 && s[n - 1] == '\r') n--;
        } else if (n > 0 && s[n - 1] == '\r') {
            n--;
        }
        return java.util.Arrays.copyOf(s, n);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.write(p, 0, p.length);
        return b.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
