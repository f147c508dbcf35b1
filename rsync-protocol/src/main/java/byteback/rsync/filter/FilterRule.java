package byteback.rsync.filter;

import java.nio.charset.StandardCharsets;

/**
 * One parsed filter rule (rsync: rsync.h filter_rule with its FILTRULE_* flags). Immutable.
 * Internally rule text is held as ISO-8859-1 strings, one char per byte, so that patterns are
 * matched byte for byte as rsync does, whatever their encoding.
 */
public final class FilterRule {
    // rsync: rsync.h FILTRULE_* (our own bit values)
    static final int INCLUDE = 1;
    static final int ABS_PATH = 1 << 1;
    static final int DIRECTORY = 1 << 2;
    static final int NEGATE = 1 << 3;
    static final int PERISHABLE = 1 << 4;
    static final int SENDER_SIDE = 1 << 5;
    static final int RECEIVER_SIDE = 1 << 6;
    static final int XATTR = 1 << 7;
    static final int CVS_IGNORE = 1 << 8;
    static final int NO_INHERIT = 1 << 9;
    static final int WORD_SPLIT = 1 << 10;
    static final int EXCLUDE_SELF = 1 << 11;
    static final int NO_PREFIXES = 1 << 12;
    static final int MERGE_FILE = 1 << 13;
    static final int PERDIR_MERGE = 1 << 14;
    static final int CLEAR_LIST = 1 << 15;
    static final int SIDES = SENDER_SIDE | RECEIVER_SIDE;
    /** rsync: exclude.c FILTRULES_FROM_CONTAINER, what a merge file's rules inherit. */
    static final int FROM_CONTAINER = ABS_PATH | INCLUDE | DIRECTORY | NEGATE | PERISHABLE;

    private final int flags;
    private final byte[] patternBytes;
    private final int slashCount;
    private final boolean wild;
    private final boolean wild2;
    private final boolean wild2Prefix;
    private final boolean wild3Suffix;
    private final Wildmatch wildmatch;

    /** rsync: exclude.c add_rule, from the pattern (one char per byte) after the rule's prefix. */
    FilterRule(int flags, String pattern) {
        if (pattern.length() > 1 && pattern.endsWith("/") && (flags & (MERGE_FILE | PERDIR_MERGE)) == 0) {
            pattern = pattern.substring(0, pattern.length() - 1);
            flags |= DIRECTORY;
        }
        this.flags = flags;
        this.patternBytes = pattern.getBytes(StandardCharsets.ISO_8859_1);
        int slashes = 0;
        for (byte b : patternBytes) {
            if (b == '/') {
                slashes++;
            }
        }
        this.slashCount = slashes;
        this.wild = Wildmatch.hasWildcards(pattern);
        int starstar = wild ? pattern.indexOf("**") : -1;
        this.wild2 = starstar >= 0;
        this.wild2Prefix = starstar == 0;
        this.wild3Suffix = wild2 && pattern.endsWith("***");
        this.wildmatch = wild ? Wildmatch.compile(patternBytes, pattern.startsWith("/") ? 1 : 0) : null;
    }

    int flags() {
        return flags;
    }

    boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** The pattern (for a merge rule: the merge file's name), without a trailing slash. */
    public String pattern() {
        return new String(patternBytes, StandardCharsets.UTF_8);
    }

    /** The pattern's bytes. */
    public byte[] patternBytes() {
        return patternBytes.clone();
    }

    /** The pattern as held internally: one char per byte. */
    String rawPattern() {
        return new String(patternBytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * About what this rule holds in memory, in bytes: its pattern, the compiled tokens and the
     * objects around them. What the limits on rules in force count.
     */
    long weight() {
        return 128 + 3L * patternBytes.length;
    }

    /** An include rule (+, S, R), as opposed to an exclude (-, H, P). */
    public boolean isInclude() {
        return has(INCLUDE);
    }

    /** A per-directory merge rule (":" / dir-merge). */
    public boolean isPerDirMerge() {
        return has(PERDIR_MERGE);
    }

    /** The {@code p} modifier: ignored when deciding whether a directory to delete is empty. */
    public boolean isPerishable() {
        return has(PERISHABLE);
    }

    /** Only the sender applies it (H, S, or the {@code s} modifier without {@code r}). */
    public boolean isSenderOnly() {
        return (flags & SIDES) == SENDER_SIDE;
    }

    /** Only the receiver applies it (P, R, or the {@code r} modifier without {@code s}). */
    public boolean isReceiverOnly() {
        return (flags & SIDES) == RECEIVER_SIDE;
    }

    /** The {@code x} modifier: the rule filters xattr names, not files. */
    public boolean isXattrRule() {
        return has(XATTR);
    }

    /**
     * rsync: exclude.c rule_matches. {@code path} is relative to the transfer root, without a
     * leading slash; returns whether the rule applies to it (a negated rule applies when its
     * pattern does not match).
     */
    boolean matches(byte[] path, boolean isDirectory, boolean isXattr, MatchCost cost) {
        boolean onMatch = !has(NEGATE);
        if (path.length == 0) {
            return false;
        }
        if (isXattr != has(XATTR)) {
            return false;
        }
        byte[] text;
        int nameStart = 0;
        if (slashCount == 0 && !wild2) {
            // No slash and no "**": match the last element only.
            for (int i = path.length - 1; i >= 0; i--) {
                if (path[i] == '/') {
                    nameStart = i + 1;
                    break;
                }
            }
            text = nameStart == 0 ? path : java.util.Arrays.copyOfRange(path, nameStart, path.length);
        } else if (wild2Prefix) {
            // Let "**/" match at the start of the path.
            text = concat(new byte[] {'/'}, path);
        } else {
            text = path;
        }
        if (isDirectory) {
            if (wild3Suffix) {
                text = concat(text, new byte[] {'/'});
            }
        } else if (has(DIRECTORY)) {
            return !onMatch;
        }
        boolean anchored = patternBytes.length > 0 && patternBytes[0] == '/';
        int slashHandling;
        if (!anchored && slashCount > 0 && !wild2) {
            slashHandling = slashCount + 1;
        } else if (!anchored && !wild2Prefix && wild2) {
            slashHandling = -1;
        } else {
            slashHandling = 0;
        }
        boolean hit;
        if (wild) {
            if (slashHandling > 0) {
                hit = wildmatch.matchesTrailing(text, slashHandling, cost);
            } else if (slashHandling < 0) {
                hit = wildmatch.matchesAfterAnySlash(text, cost);
            } else {
                hit = wildmatch.matches(text, cost);
            }
        } else {
            cost.charge(1 + patternBytes.length);
            byte[] lit = anchored ? java.util.Arrays.copyOfRange(patternBytes, 1, patternBytes.length)
                    : patternBytes;
            if (anchored) {
                hit = java.util.Arrays.equals(text, lit);
            } else {
                // Unanchored literal: the name ends with the pattern at an element boundary.
                int l1 = text.length;
                int l2 = lit.length;
                hit = l2 <= l1 && regionEquals(text, l1 - l2, lit)
                        && (l1 == l2 || text[l1 - l2 - 1] == '/');
            }
        }
        return hit ? onMatch : !onMatch;
    }

    private static boolean regionEquals(byte[] text, int start, byte[] lit) {
        for (int i = 0; i < lit.length; i++) {
            if (text[start + i] != lit[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The rule in rsync's wire form (rsync: exclude.c get_rule_prefix), e.g. "-/ foo/". */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(has(PERDIR_MERGE) ? ':' : has(MERGE_FILE) ? '.' : has(INCLUDE) ? '+' : '-');
        if (has(ABS_PATH)) {
            sb.append('/');
        }
        if (has(NEGATE)) {
            sb.append('!');
        }
        if (has(CVS_IGNORE)) {
            sb.append('C');
        } else {
            if (has(NO_INHERIT)) {
                sb.append('n');
            }
            if (has(WORD_SPLIT)) {
                sb.append('w');
            }
            if (has(NO_PREFIXES)) {
                sb.append(has(INCLUDE) ? '+' : '-');
            }
        }
        if (has(EXCLUDE_SELF)) {
            sb.append('e');
        }
        if (has(XATTR)) {
            sb.append('x');
        }
        if (has(SENDER_SIDE)) {
            sb.append('s');
        }
        if (has(RECEIVER_SIDE)) {
            sb.append('r');
        }
        if (has(PERISHABLE)) {
            sb.append('p');
        }
        sb.append(' ').append(pattern());
        if (has(DIRECTORY)) {
            sb.append('/');
        }
        return sb.toString();
    }
}
