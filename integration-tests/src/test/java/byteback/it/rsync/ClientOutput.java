package byteback.it.rsync;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a stock rsync client prints, reduced to what must not depend on the receiver: its lines
 * (progress redraws split at carriage returns) without those that measure this run (byte counts
 * on the wire, rates, times, the remote command) or that only say the client's incremental
 * recursion was declined or how rsync manages its memory, in sorted order (the order of the deletion and item lines depends on
 * the timing of the receiver's two threads).
 */
final class ClientOutput {
    private ClientOutput() {}

    private static final List<Pattern> DROPPED = List.of(
            Pattern.compile("sending incremental file list"),
            Pattern.compile("building file list \\.\\.\\. done"),
            Pattern.compile("opening connection using: .*"),
            Pattern.compile("sent [\\d,.]+ bytes +received [\\d,.]+ bytes .*"),
            Pattern.compile("total size is .*"),
            Pattern.compile("Total bytes (sent|received): .*"),
            Pattern.compile("File list (generation|transfer) time: .*"),
            Pattern.compile("File list size: .*"),
            // rsync's own memory management, said at -vv
            Pattern.compile("\\[\\w+\\] expand file_list pointer array .*"));

    /** "   1,234 100%   1.18MB/s    0:00:00 (xfr#1, to-chk=3/9)": size, percent and counters kept. */
    private static final Pattern PROGRESS =
            Pattern.compile("\\s*([\\d,]+)\\s+(\\d+)%\\s+\\S+/s\\s+\\S+(.*)");

    static List<String> normalize(String stdout) {
        List<String> lines = new ArrayList<>();
        for (String line : stdout.split("[\r\n]")) {
            if (line.isBlank() || DROPPED.stream().anyMatch(p -> p.matcher(line).matches())) {
                continue;
            }
            Matcher m = PROGRESS.matcher(line);
            if (m.matches()) {
                if (m.group(2).equals("100")) {
                    lines.add("progress " + m.group(1) + " 100%" + m.group(3));
                }
                continue; // a partial progress line shows only how fast this run was
            }
            lines.add(line);
        }
        lines.sort(null);
        return lines;
    }
}
