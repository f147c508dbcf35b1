package byteback.client.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rsync options of /etc/byteback/rsync_flags (one or more a line). The original passed them
 * to rsync; we support what users put there and refuse the rest by name, rather than ignore them.
 */
public record RsyncFlags(boolean acls, boolean xattrs, boolean hardLinks, int oneFileSystem, long bwlimitKiB,
        boolean compress, int compressLevel, boolean checksum, boolean sparse, boolean verbose, boolean incRecursive) {

    public static final RsyncFlags NONE = new RsyncFlags(false, false, false, 0, 0, false, -1, false, false, false, true);

    /** What rsync_flags may hold, for the refusal message. */
    public static final String SUPPORTED = "--xattrs/-X --acls/-A --hard-links/-H --one-file-system/-x --bwlimit=RATE "
            + "--compress/-z --compress-level=N --checksum/-c --sparse/-S --verbose/-v --no-inc-recursive/--no-i-r, and (no effect here) "
            + "--archive/-a --numeric-ids --delete --delete-during --delete-excluded --inplace --relative --partial "
            + "--fake-super --trust-sender --no-motd";

    /** Parses the file's text: options separated by white space or new lines; # starts a comment line. */
    public static RsyncFlags parse(String text) {
        List<String> words = new ArrayList<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            for (String w : l.split("\\s+")) words.add(w);
        }
        return parse(words);
    }

    public static RsyncFlags parse(List<String> words) {
        Builder b = new Builder();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--")) {
                String name = w;
                String value = null;
                int eq = w.indexOf('=');
                if (eq > 0) {
                    name = w.substring(0, eq);
                    value = w.substring(eq + 1);
                } else if ((w.equals("--bwlimit") || w.equals("--compress-level")) && i + 1 < words.size()) {
                    value = words.get(++i);
                }
                b.longOption(name, value);
            } else if (w.startsWith("-") && w.length() > 1) {
                for (int k = 1; k < w.length(); k++) b.shortOption(w.charAt(k), w);
            } else {
                throw new IllegalArgumentException("rsync_flags: \"" + w + "\" is not an option (file names cannot be given there)");
            }
        }
        return b.build();
    }

    private static final class Builder {
        boolean acls, xattrs, hardLinks, compress, checksum, sparse, verbose;
        boolean incRecursive = true;
        int oneFileSystem;
        long bwlimit;
        int level = -1;

        void shortOption(char c, String word) {
            switch (c) {
                case 'A' -> acls = true;
                case 'X' -> xattrs = true;
                case 'H' -> hardLinks = true;
                case 'x' -> oneFileSystem++;
                case 'z' -> compress = true;
                case 'c' -> checksum = true;
                case 'S' -> sparse = true;
                case 'v' -> verbose = true;
                case 'a', 'r', 'l', 'p', 't', 'g', 'o', 'D', 'R' -> { } // byteback-backup always sends these
                default -> throw new IllegalArgumentException("rsync_flags: -" + c + " (in " + word
                        + ") is not supported by byteback; supported: " + SUPPORTED);
            }
        }

        void longOption(String name, String value) {
            switch (name) {
                case "--acls" -> acls = true;
                case "--xattrs" -> xattrs = true;
                case "--hard-links" -> hardLinks = true;
                case "--one-file-system" -> oneFileSystem++;
                case "--compress" -> compress = true;
                case "--checksum" -> checksum = true;
                case "--sparse" -> sparse = true;
                case "--verbose" -> verbose = true;
                case "--bwlimit" -> bwlimit = parseRate(value);
                // rsync: one complete file list instead of one per directory (options.c allow_inc_recurse)
                case "--no-inc-recursive", "--no-i-r" -> incRecursive = false;
                case "--inc-recursive", "--i-r" -> incRecursive = true;
                case "--compress-level" -> {
                    level = parseLevel(value);
                    compress = true;
                }
                case "--archive", "--numeric-ids", "--delete", "--delete-during", "--delete-excluded", "--inplace",
                        "--relative", "--partial", "--fake-super", "--trust-sender", "--no-motd", "--recursive",
                        "--links", "--perms", "--times", "--group", "--owner", "--devices", "--specials" -> { }
                default -> throw new IllegalArgumentException("rsync_flags: " + name
                        + " is not supported by byteback; supported: " + SUPPORTED);
            }
        }

        RsyncFlags build() {
            return new RsyncFlags(acls, xattrs, hardLinks, oneFileSystem, bwlimit, compress, level, checksum, sparse, verbose,
                    incRecursive);
        }
    }

    /** rsync's --bwlimit: a number with an optional K/M/G suffix (1024-based), KiB per second without one. */
    static long parseRate(String value) {
        if (value == null || value.isEmpty()) throw new IllegalArgumentException("rsync_flags: --bwlimit needs a rate");
        String v = value.toUpperCase(Locale.ROOT);
        long mult = 1024;
        char last = v.charAt(v.length() - 1);
        if (Character.isLetter(last)) {
            v = v.substring(0, v.length() - 1);
            if (v.endsWith("I")) v = v.substring(0, v.length() - 1); // KiB style is unusual but harmless
            mult = switch (last) {
                case 'B' -> 1;
                case 'K' -> 1024;
                case 'M' -> 1024L * 1024;
                case 'G' -> 1024L * 1024 * 1024;
                default -> throw new IllegalArgumentException("rsync_flags: --bwlimit=" + value + ": unknown unit");
            };
        }
        try {
            double d = Double.parseDouble(v);
            if (d < 0) throw new NumberFormatException();
            long bytes = (long) (d * mult);
            return bytes == 0 ? 0 : Math.max(1, bytes / 1024);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rsync_flags: --bwlimit=" + value + " is not a rate");
        }
    }

    private static int parseLevel(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0 || n > 22) throw new NumberFormatException();
            return n;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("rsync_flags: --compress-level=" + value + " is not a level");
        }
    }
}
