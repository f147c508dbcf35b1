package byteback.rsync.filter;

import java.util.List;

/**
 * Parses filter rule text into rules (rsync: exclude.c parse_rule_tok, parse_filter_str,
 * add_rule). Rules received on the wire use the modern syntax (protocol 29 and later): a prefix
 * ({@code -}, {@code +}, {@code .}, {@code :}, {@code H}, {@code S}, {@code P}, {@code R},
 * {@code !} or a word such as {@code exclude}), optional modifiers, then one space or
 * underscore and the pattern.
 */
final class RuleParser {
    /** rsync: MAXPATHLEN; longer patterns are discarded by rsync. */
    static final int MAX_PATTERN_LENGTH = 4096;

    /** Where parsed rules go. */
    interface Sink {
        /** A rule to append. */
        void add(FilterRule rule) throws FilterException;

        /** A "!" rule: forget the rules so far. */
        void clear();
    }

    private final boolean deleteExcluded;
    private final boolean receiver;

    /**
     * @param deleteExcluded whether {@code --delete-excluded} is in effect: un-modified include
     *                       and exclude rules then apply to the sender only
     * @param receiver       whether we are the receiving side (rules only for the other side
     *                       are dropped when they come from a merge file)
     */
    RuleParser(boolean deleteExcluded, boolean receiver) {
        this.deleteExcluded = deleteExcluded;
        this.receiver = receiver;
    }

    /**
     * rsync: exclude.c parse_filter_str. Parses {@code text} (one char per byte) (one rule, or several when the
     * template splits words) with the template's flags.
     *
     * @param where    null for rules from the client's arguments (shown in errors), else a
     *                 description of the merge file they came from (shown instead of the text)
     * @param mergeDir for rules read from a per-directory merge file, that file's directory
     *                 relative to the transfer root ("" for the root); null otherwise
     */
    void parse(String text, int template, String where, String mergeDir, Sink sink)
            throws FilterException {
        int pos = 0;
        while (true) {
            if ((template & FilterRule.WORD_SPLIT) != 0) {
                while (pos < text.length() && isSpace(text.charAt(pos))) {
                    pos++;
                }
            }
            if (pos >= text.length()) {
                return;
            }
            int start = pos;
            int flags = template & FilterRule.FROM_CONTAINER;
            int s = pos;
            String shown = where == null ? display(text.substring(start)) : "<rule from " + where + ">";
            if ((template & FilterRule.NO_PREFIXES) != 0) {
                if (s < text.length() && text.charAt(s) == '!' && (template & FilterRule.CVS_IGNORE) != 0) {
                    flags |= FilterRule.CLEAR_LIST;
                }
            } else {
                char ch;
                boolean sideFromPrefix = false;
                int word = prefixWord(text, s);
                if (word >= 0) {
                    ch = WORD_CHARS.charAt(word);
                    String w = WORDS.get(word);
                    s += w.length() - 1;
                    if (text.length() > s + 1 && text.charAt(s + 1) == ',') {
                        s++;
                    }
                } else {
                    ch = text.charAt(s);
                    if (s + 1 < text.length() && text.charAt(s + 1) == ',') {
                        s++;
                    }
                }
                switch (ch) {
                    case ':' -> flags |= FilterRule.PERDIR_MERGE | FilterRule.MERGE_FILE;
                    case '.' -> flags |= FilterRule.MERGE_FILE;
                    case '+' -> flags |= FilterRule.INCLUDE;
                    case '-' -> { }
                    case 'S' -> {
                        flags |= FilterRule.INCLUDE | FilterRule.SENDER_SIDE;
                        sideFromPrefix = true;
                    }
                    case 'H' -> {
                        flags |= FilterRule.SENDER_SIDE;
                        sideFromPrefix = true;
                    }
                    case 'R' -> {
                        flags |= FilterRule.INCLUDE | FilterRule.RECEIVER_SIDE;
                        sideFromPrefix = true;
                    }
                    case 'P' -> {
                        flags |= FilterRule.RECEIVER_SIDE;
                        sideFromPrefix = true;
                    }
                    case '!' -> flags |= FilterRule.CLEAR_LIST;
                    default -> throw new FilterException("Unknown filter rule: " + shown);
                }
                if (ch != '!') {
                    while (++s < text.length() && text.charAt(s) != ' ' && text.charAt(s) != '_') {
                        char m = text.charAt(s);
                        if ((template & FilterRule.WORD_SPLIT) != 0 && isSpace(m)) {
                            s--;
                            break;
                        }
                        boolean merge = (flags & FilterRule.MERGE_FILE) != 0;
                        boolean noPrefixes = (flags & FilterRule.NO_PREFIXES) != 0;
                        boolean ok = switch (m) {
                            case '-' -> merge && !noPrefixes && set(flags |= FilterRule.NO_PREFIXES);
                            case '+' -> merge && !noPrefixes
                                    && set(flags |= FilterRule.NO_PREFIXES | FilterRule.INCLUDE);
                            case '/' -> set(flags |= FilterRule.ABS_PATH);
                            case '!' -> !merge && set(flags |= FilterRule.NEGATE);
                            case 'C' -> !noPrefixes && !sideFromPrefix && set(flags |= FilterRule.NO_PREFIXES
                                    | FilterRule.WORD_SPLIT | FilterRule.NO_INHERIT | FilterRule.CVS_IGNORE);
                            case 'e' -> merge && set(flags |= FilterRule.EXCLUDE_SELF);
                            case 'n' -> merge && set(flags |= FilterRule.NO_INHERIT);
                            case 'p' -> set(flags |= FilterRule.PERISHABLE);
                            case 'r' -> !sideFromPrefix && set(flags |= FilterRule.RECEIVER_SIDE);
                            case 's' -> !sideFromPrefix && set(flags |= FilterRule.SENDER_SIDE);
                            case 'w' -> merge && set(flags |= FilterRule.WORD_SPLIT);
                            case 'x' -> set(flags |= FilterRule.XATTR);
                            default -> false;
                        };
                        if (!ok) {
                            throw new FilterException("invalid modifier"
                                    + (where == null ? " '" + m + "' at position " + (s - start) : "")
                                    + " in filter rule: " + shown);
                        }
                    }
                }
                if (s < text.length()) {
                    s++;
                }
            }
            if ((template & FilterRule.SIDES) != 0) {
                if ((flags & FilterRule.SIDES) != 0) {
                    throw new FilterException(
                            "specified-side merge file contains specified-side filter: " + shown);
                }
                flags |= template & FilterRule.SIDES;
            }
            int end;
            if ((template & FilterRule.WORD_SPLIT) != 0) {
                end = s;
                while (end < text.length() && !isSpace(text.charAt(end))) {
                    end++;
                }
            } else {
                end = text.length();
            }
            String pattern = text.substring(Math.min(s, end), end);
            pos = end;
            if ((flags & FilterRule.CLEAR_LIST) != 0) {
                if ((template & FilterRule.NO_PREFIXES) == 0 && !pattern.isEmpty()) {
                    throw new FilterException("'!' rule has trailing characters: " + shown);
                }
                if (pattern.length() > 1) {
                    flags &= ~FilterRule.CLEAR_LIST;
                }
            } else if (pattern.isEmpty() && (flags & FilterRule.CVS_IGNORE) == 0) {
                throw new FilterException("unexpected end of filter rule: " + shown);
            }
            if (deleteExcluded && (flags & (FilterRule.SIDES | FilterRule.MERGE_FILE | FilterRule.PERDIR_MERGE)) == 0) {
                flags |= FilterRule.SENDER_SIDE;
            }
            if (pattern.length() >= MAX_PATTERN_LENGTH) {
                throw new FilterException("over-long filter rule: " + (where == null
                        ? display(pattern.substring(0, 64)) + "..." : "<rule from " + where + ">"));
            }
            addRule(flags, pattern, mergeDir, shown, sink);
        }
    }

    /** rsync: the rest of parse_filter_str and add_rule for one rule. */
    private void addRule(int flags, String pattern, String mergeDir, String shown, Sink sink) throws FilterException {
        boolean fromMergeFile = mergeDir != null;
        if ((flags & FilterRule.CLEAR_LIST) != 0) {
            sink.clear();
            return;
        }
        if ((flags & FilterRule.MERGE_FILE) != 0) {
            if (pattern.isEmpty()) {
                pattern = ".cvsignore";
            }
            if ((flags & FilterRule.EXCLUDE_SELF) != 0) {
                int slash = pattern.lastIndexOf('/');
                sink.add(new FilterRule(0, pattern.substring(slash + 1)));
                flags &= ~FilterRule.EXCLUDE_SELF;
            }
            if ((flags & FilterRule.PERDIR_MERGE) == 0) {
                // A "." merge names a file on the server: a client must never make us read one.
                throw new FilterException("merge-file rules are not accepted by this server: " + shown);
            }
            sink.add(new FilterRule(flags, pattern));
            return;
        }
        if (fromMergeFile && (flags & FilterRule.SIDES) == (receiver ? FilterRule.SENDER_SIDE : FilterRule.RECEIVER_SIDE)) {
            return; // rsync: add_rule drops a merge file's rules that are only for the other side
        }
        if (fromMergeFile && pattern.startsWith("/") && (flags & FilterRule.ABS_PATH) == 0) {
            // rsync: XFLG_ANCHORED2ABS: anchored at the merge file's own directory
            flags |= FilterRule.ABS_PATH;
            if (!mergeDir.isEmpty()) {
                pattern = "/" + mergeDir + pattern;
            }
        }
        sink.add(new FilterRule(flags, pattern));
    }

    private static boolean set(int ignored) {
        return true;
    }

    private static final List<String> WORDS = List.of("clear", "dir-merge", "exclude", "hide", "include",
            "merge", "protect", "risk", "show");
    private static final String WORD_CHARS = "!:-H+.PRS";

    /** rsync: exclude.c rule_strcmp: a prefix word followed by space, '_', ',' or the end. */
    private static int prefixWord(String text, int at) {
        for (int i = 0; i < WORDS.size(); i++) {
            String w = WORDS.get(i);
            if (text.startsWith(w, at)) {
                int after = at + w.length();
                if (after == text.length()) {
                    return i;
                }
                char c = text.charAt(after);
                if (isSpace(c) || c == '_' || c == ',') {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Rule text held one char per byte, shown as the UTF-8 it most likely is. */
    static String display(String raw) {
        return new String(raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Bytes to the internal one-char-per-byte form. */
    static String raw(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }
}
