package byteback.server.snapshot;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: "6h", "90m", "1d12h", "30s". */
public final class Durations {
    private Durations() {}

    private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");

    public static Duration parse(String s) {
        String t = s.trim().toLowerCase();
        if (t.isEmpty()) throw new IllegalArgumentException("empty duration");
        if (t.chars().allMatch(Character::isDigit)) return Duration.ofSeconds(Long.parseLong(t));
        Matcher m = PART.matcher(t);
        Duration d = Duration.ZERO;
        int pos = 0;
        while (m.find()) {
            if (m.start() != pos) throw new IllegalArgumentException("bad duration \"" + s + "\" (e.g. 6h, 90m, 1d12h)");
            long v = Long.parseLong(m.group(1));
            d = d.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(v);
                case "h" -> Duration.ofHours(v);
                case "m" -> Duration.ofMinutes(v);
                default -> Duration.ofSeconds(v);
            });
            pos = m.end();
        }
        if (pos != t.length()) throw new IllegalArgumentException("bad duration \"" + s + "\" (e.g. 6h, 90m, 1d12h)");
        return d;
    }

    /** E.g. "2 h 5 min", "40 s", "3 d 1 h". */
    public static String words(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86400, hours = s % 86400 / 3600, min = s % 3600 / 60, sec = s % 60;
        StringBuilder b = new StringBuilder();
        if (days > 0) b.append(days).append(" d ");
        if (hours > 0) b.append(hours).append(" h ");
        if (min > 0 && days == 0) b.append(min).append(" min ");
        if (sec > 0 && days == 0 && hours == 0) b.append(sec).append(" s ");
        if (b.length() == 0) return "0 s";
        return b.toString().trim();
    }
}
