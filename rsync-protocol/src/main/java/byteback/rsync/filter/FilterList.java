package byteback.rsync.filter;

import byteback.rsync.options.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The filter rules a client sent to this server (rsync: exclude.c recv_filter_list), in order,
 * and the question rsync asks of them: is this name excluded (rsync: check_filter)?
 *
 * <p>On a receiver the rules decide deletions only: a name that is {@link Match#EXCLUDED} is
 * protected and not deleted ({@code P} rules protect, {@code R} rules risk). Rules for the
 * sender only ({@code H}, {@code S}, the {@code s} modifier) are dropped on a receiver, and
 * rules for the receiver only on a sender. With {@code --delete-excluded} plain include and
 * exclude rules are sender-only, so excluded files are deleted (an honest client does not even
 * send them).
 *
 * <p>Per-directory merge rules ({@code :} / {@code dir-merge}, e.g. {@code -F}) take rules from
 * files in the receiver's tree as the receiver walks it: use {@link #root(MergeFileReader)} and
 * {@link DirectoryFilters#enter}. {@code .} (merge) rules are refused: they would make the
 * server read a file of its own.
 *
 * <p>Paths are relative to the transfer root, '/'-separated, without a leading slash. Anchored
 * rules ({@code /foo}) and the {@code /} modifier match from the transfer root.
 */
public final class FilterList {
    /** Most rules a client may send (rsync has no limit; real lists have a few hundred). */
    public static final int MAX_RULES = 20_000;
    /** Longest rule on the wire (rsync: recv_filter_list reads into a BIGPATHBUFLEN buffer). */
    public static final int MAX_RULE_BYTES = 4096 + 1024 - 1;
    /** Most bytes of rules in all. */
    public static final int MAX_TOTAL_BYTES = 2 * 1024 * 1024;

    /** No rules: everything is included. */
    public static final FilterList EMPTY = new FilterList(List.of(), Role.RECEIVER, false);

    private final List<FilterRule> rules;
    private final Role side;
    private final boolean deleteExcluded;

    private FilterList(List<FilterRule> rules, Role side, boolean deleteExcluded) {
        this.rules = List.copyOf(rules);
        this.side = side;
        this.deleteExcluded = deleteExcluded;
    }

    /**
     * Parses the rules as received, one string per rule, e.g. {@code ["- *.o", "+ /foo/",
     * "-r /tmp/", ":n- .rsync-filter"]} (their UTF-8 bytes are the rules).
     *
     * @param side           this server's role
     * @param deleteExcluded whether {@code --delete-excluded} was given
     */
    public static FilterList parse(List<String> wireRules, Role side, boolean deleteExcluded)
            throws FilterException {
        Builder b = new Builder(side, deleteExcluded);
        for (String r : wireRules) {
            b.add(r);
        }
        return b.build();
    }

    /** Parses the rules exactly as read off the wire, one byte array per rule. */
    public static FilterList parseWire(List<byte[]> wireRules, Role side, boolean deleteExcluded)
            throws FilterException {
        Builder b = new Builder(side, deleteExcluded);
        for (byte[] r : wireRules) {
            b.add(r);
        }
        return b.build();
    }

    /** Collects rules one at a time as they arrive, enforcing the limits as it goes. */
    public static final class Builder {
        private final List<FilterRule> rules = new ArrayList<>();
        private final Role side;
        private final boolean deleteExcluded;
        private final RuleParser parser;
        private int count;
        private long bytes;

        public Builder(Role side, boolean deleteExcluded) {
            this.side = side;
            this.deleteExcluded = deleteExcluded;
            this.parser = new RuleParser(deleteExcluded, side == Role.RECEIVER);
        }

        /** Adds one rule given as text (its UTF-8 bytes). */
        public Builder add(String rule) throws FilterException {
            return add(rule.getBytes(StandardCharsets.UTF_8));
        }

        /** Adds one rule exactly as received on the wire. */
        public Builder add(byte[] ruleBytes) throws FilterException {
            int len = ruleBytes.length;
            if (len > MAX_RULE_BYTES) {
                throw new FilterException("filter rule too long (" + len + " bytes)");
            }
            if (++count > MAX_RULES) {
                throw new FilterException("too many filter rules (more than " + MAX_RULES + ")");
            }
            bytes += len;
            if (bytes > MAX_TOTAL_BYTES) {
                throw new FilterException("filter rules too large (more than " + MAX_TOTAL_BYTES + " bytes)");
            }
            String rule = RuleParser.raw(ruleBytes);
            if (rule.indexOf('\0') >= 0) {
                throw new FilterException("filter rule contains a NUL byte");
            }
            parser.parse(rule, 0, null, null, new RuleParser.Sink() {
                @Override
                public void add(FilterRule r) {
                    if (appliesTo(r, side)) {
                        rules.add(r);
                    }
                }

                @Override
                public void clear() {
                    rules.clear();
                }
            });
            return this;
        }

        public FilterList build() {
            return new FilterList(rules, side, deleteExcluded);
        }
    }

    /** Whether a rule from the client's list applies on this side. */
    static boolean appliesTo(FilterRule r, Role side) {
        return side == Role.RECEIVER ? !r.isSenderOnly() : !r.isReceiverOnly();
    }

    /** The rules that apply on this side, in order. */
    public List<FilterRule> rules() {
        return rules;
    }

    /** Whether there are no rules. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether some rule is a per-directory merge (then walk with {@link #root}). */
    public boolean hasPerDirMerge() {
        return rules.stream().anyMatch(FilterRule::isPerDirMerge);
    }

    Role side() {
        return side;
    }

    boolean deleteExcluded() {
        return deleteExcluded;
    }

    /**
     * rsync: exclude.c check_filter for a file or directory, without per-directory merge files
     * (those contribute nothing here; see {@link #root}).
     */
    public Match check(String path, boolean isDirectory) {
        return check(path, isDirectory, false);
    }

    /**
     * @param ignorePerishable skip perishable ({@code p}) rules, as rsync does when deciding
     *                         whether a directory that is to be deleted is empty
     */
    public Match check(String path, boolean isDirectory, boolean ignorePerishable) {
        return check(bytes(path), isDirectory, ignorePerishable);
    }

    /** As {@link #check(String, boolean)} for a name as it came off the wire. */
    public Match check(byte[] path, boolean isDirectory) {
        return check(path, isDirectory, false);
    }

    /** As {@link #check(String, boolean, boolean)} for a name as it came off the wire. */
    public Match check(byte[] path, boolean isDirectory, boolean ignorePerishable) {
        return DirectoryFilters.check(rules, null, path, isDirectory, false, ignorePerishable, MatchCost.perCheck());
    }

    /** Whether the name is protected from deletion on a receiver: some rule excludes it. */
    public boolean isExcluded(String path, boolean isDirectory) {
        return check(path, isDirectory) == Match.EXCLUDED;
    }

    /** As {@link #isExcluded(String, boolean)} for a name as it came off the wire. */
    public boolean isExcluded(byte[] path, boolean isDirectory) {
        return check(path, isDirectory) == Match.EXCLUDED;
    }

    /** rsync: xattrs.c, name_is_excluded(name, NAME_IS_XATTR): xattr names filtered by {@code x} rules. */
    public boolean isXattrExcluded(String xattrName) {
        return isXattrExcluded(bytes(xattrName));
    }

    /** As {@link #isXattrExcluded(String)} for a name as it came off the wire. */
    public boolean isXattrExcluded(byte[] xattrName) {
        return DirectoryFilters.check(rules, null, xattrName, false, true, false, MatchCost.perCheck())
                == Match.EXCLUDED;
    }

    /**
     * The filters in force at the transfer root, with the root's own per-directory merge files
     * read through {@code reader}.
     */
    public DirectoryFilters root(MergeFileReader reader) throws FilterException {
        return DirectoryFilters.root(this, reader);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return rules.toString();
    }
}
