package byteback.rsync.filter;

import byteback.rsync.options.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters in force in one directory of the receiver's tree: the client's rules with, in
 * place of each per-directory merge rule, the rules read from that merge file in this directory
 * followed by those inherited from the parents (rsync: exclude.c push_local_filters,
 * change_local_filter_dir, and the mergelist handling of check_filter). Immutable: entering a
 * subdirectory gives a new object and leaves this one valid.
 */
public final class DirectoryFilters {
    /** Largest merge file read. */
    public static final int MAX_MERGE_FILE_BYTES = 1024 * 1024;
    /** Most rules in force from merge files in one directory, inherited ones included. */
    public static final int MAX_MERGED_RULES = 50_000;
    /**
     * Most memory ({@link FilterRule#weight}) the rules from merge files in force in one
     * directory may hold, inherited ones included: this also bounds what matching a name
     * against them costs.
     */
    public static final long MAX_MERGED_WEIGHT = 4L << 20;

    private static final List<FilterRule> CVS_DEFAULT = parseCvsDefault();

    private final FilterList list;
    private final MergeFileReader reader;
    private final byte[] directory;
    /** For each rule of the list: the merge rules in force for it, or null if not a merge. */
    private final List<List<FilterRule>> merged;
    /** What the rules of {@link #merged} hold (each counted once per list it is in). */
    private final long weight;

    private DirectoryFilters(FilterList list, MergeFileReader reader, byte[] directory,
            List<List<FilterRule>> merged, long weight) {
        this.list = list;
        this.reader = reader;
        this.directory = directory;
        this.merged = merged;
        this.weight = weight;
    }

    /**
     * About the memory that the rules read from merge files and in force here hold, with the
     * lists that refer to them (an upper bound: rules shared with the parents are counted again).
     */
    long weight() {
        return weight;
    }

    static DirectoryFilters root(FilterList list, MergeFileReader reader) throws FilterException {
        List<List<FilterRule>> none = new ArrayList<>();
        for (FilterRule r : list.rules()) {
            none.add(r.isPerDirMerge() ? List.of() : null);
        }
        DirectoryFilters empty = new DirectoryFilters(list, reader, new byte[0], none, 0);
        return empty.load(new byte[0]);
    }

    /** The directory these filters are for, relative to the transfer root ("" for the root). */
    public String directory() {
        return new String(directory, StandardCharsets.UTF_8);
    }

    /**
     * The filters in force inside {@code childDirectory}, a subdirectory of this one given
     * relative to the transfer root (e.g. {@code "home/ann"}), reading its merge files.
     */
    public DirectoryFilters enter(String childDirectory) throws FilterException {
        return enter(FilterList.bytes(childDirectory));
    }

    /** As {@link #enter(String)} for a name as it came off the wire. */
    public DirectoryFilters enter(byte[] childDirectory) throws FilterException {
        int n = childDirectory.length;
        if (n == 0 || childDirectory[0] == '/' || childDirectory[n - 1] == '/') {
            throw new IllegalArgumentException("not a relative directory: "
                    + new String(childDirectory, StandardCharsets.UTF_8));
        }
        return load(childDirectory);
    }

    private DirectoryFilters load(byte[] dirBytes) throws FilterException {
        String dir = RuleParser.raw(dirBytes);
        if (!list.hasPerDirMerge()) {
            return new DirectoryFilters(list, reader, dirBytes, merged, 0);
        }
        List<FilterRule> rules = list.rules();
        List<List<FilterRule>> next = new ArrayList<>(rules.size());
        RuleParser parser = new RuleParser(list.deleteExcluded(), list.side() == Role.RECEIVER);
        int total = 0;
        long weight = 0;
        for (int i = 0; i < rules.size(); i++) {
            FilterRule merge = rules.get(i);
            if (!merge.isPerDirMerge()) {
                next.add(null);
                continue;
            }
            List<FilterRule> inherited = merge.has(FilterRule.NO_INHERIT) ? List.of() : merged.get(i);
            String name = mergeFileName(merge);
            String rawFile = dir.isEmpty() ? name : dir + "/" + name;
            byte[] fileBytes = rawFile.getBytes(StandardCharsets.ISO_8859_1);
            String file = RuleParser.display(rawFile);
            byte[] content;
            try {
                content = reader.read(fileBytes, MAX_MERGE_FILE_BYTES);
            } catch (IOException e) {
                throw new FilterException("cannot read per-directory merge file " + file + ": " + e.getMessage());
            }
            List<FilterRule> local = new ArrayList<>();
            boolean[] cleared = {false};
            if (content != null) {
                parseMergeFile(parser, merge, file, dir, content, local, cleared);
            }
            List<FilterRule> combined = new ArrayList<>(local);
            if (!cleared[0]) {
                combined.addAll(inherited);
            }
            total += combined.size();
            if (total > MAX_MERGED_RULES) {
                throw new FilterException("too many rules from per-directory merge files in " + file);
            }
            for (FilterRule r : combined) {
                weight += r.weight() + 8;
            }
            if (weight > MAX_MERGED_WEIGHT) {
                throw new FilterException("rules from per-directory merge files in force in " + file
                        + " exceed " + (MAX_MERGED_WEIGHT >> 20) + " MiB");
            }
            next.add(List.copyOf(combined));
        }
        return new DirectoryFilters(list, reader, dirBytes, next, weight);
    }

    /**
     * The file name a dir-merge rule reads in each directory. A name with a path (as in
     * {@code -F}'s {@code /.rsync-filter}) is looked for by its last element: the server never
     * reads the parents of the transfer root that rsync would scan.
     */
    static String mergeFileName(FilterRule merge) {
        String p = merge.rawPattern();
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** rsync: exclude.c parse_filter_file: lines (or words), comments skipped when by line. */
    private static void parseMergeFile(RuleParser parser, FilterRule merge, String file, String dir,
            byte[] content, List<FilterRule> out, boolean[] cleared) throws FilterException {
        String text = RuleParser.raw(content);
        int template = merge.flags() & ~(FilterRule.PERDIR_MERGE | FilterRule.MERGE_FILE | FilterRule.EXCLUDE_SELF);
        boolean wordSplit = merge.has(FilterRule.WORD_SPLIT);
        RuleParser.Sink sink = new RuleParser.Sink() {
            @Override
            public void add(FilterRule r) throws FilterException {
                if (r.isPerDirMerge() || r.has(FilterRule.MERGE_FILE)) {
                    throw new FilterException("merge rules inside per-directory merge files are not supported: "
                            + "<rule from " + file + ">");
                }
                out.add(r);
            }

            @Override
            public void clear() {
                out.clear();
                cleared[0] = true;
            }
        };
        int lineNo = 0;
        int start = 0;
        int n = text.length();
        while (start <= n) {
            int end = start;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r'
                    && !(wordSplit && RuleParser.isSpace(text.charAt(end)))) {
                end++;
            }
            lineNo++;
            String line = text.substring(start, end);
            if (!line.isEmpty() && (wordSplit || (line.charAt(0) != ';' && line.charAt(0) != '#'))) {
                parser.parse(line, template, wordSplit ? file : file + " line " + lineNo, dir, sink);
            }
            if (end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n') {
                end++;
            }
            start = end + 1;
        }
    }

    /** rsync: exclude.c check_filter, walking the merged lists in place of their merge rules. */
    public Match check(String path, boolean isDirectory) {
        return check(path, isDirectory, false);
    }

    /** As {@link #check(String, boolean)}, optionally ignoring perishable rules. */
    public Match check(String path, boolean isDirectory, boolean ignorePerishable) {
        return check(FilterList.bytes(path), isDirectory, ignorePerishable);
    }

    /** As {@link #check(String, boolean)} for a name as it came off the wire. */
    public Match check(byte[] path, boolean isDirectory) {
        return check(path, isDirectory, false);
    }

    /** As {@link #check(String, boolean, boolean)} for a name as it came off the wire. */
    public Match check(byte[] path, boolean isDirectory, boolean ignorePerishable) {
        return check(list.rules(), merged, path, isDirectory, false, ignorePerishable, MatchCost.perCheck());
    }

    /** Whether the name is protected from deletion on a receiver. */
    public boolean isExcluded(String path, boolean isDirectory) {
        return check(path, isDirectory) == Match.EXCLUDED;
    }

    /** As {@link #isExcluded(String, boolean)} for a name as it came off the wire. */
    public boolean isExcluded(byte[] path, boolean isDirectory) {
        return check(path, isDirectory) == Match.EXCLUDED;
    }

    /** xattr names filtered by {@code x} rules, merge-file rules included. */
    public boolean isXattrExcluded(byte[] xattrName) {
        return check(list.rules(), merged, xattrName, false, true, false, MatchCost.perCheck()) == Match.EXCLUDED;
    }

    /**
     * @throws FilterCostException when the check would cost more than {@code cost} allows
     */
    static Match check(List<FilterRule> rules, List<List<FilterRule>> merged, byte[] path,
            boolean isDirectory, boolean isXattr, boolean ignorePerishable, MatchCost cost) {
        for (int i = 0; i < rules.size(); i++) {
            FilterRule r = rules.get(i);
            if (ignorePerishable && r.isPerishable()) {
                continue;
            }
            if (r.isPerDirMerge()) {
                if (merged != null && merged.get(i) != null) {
                    Match m = check(merged.get(i), null, path, isDirectory, isXattr, ignorePerishable, cost);
                    if (m != Match.NO_MATCH) {
                        return m;
                    }
                }
                continue;
            }
            if (r.has(FilterRule.CVS_IGNORE)) {
                Match m = check(CVS_DEFAULT, null, path, isDirectory, isXattr, ignorePerishable, cost);
                if (m != Match.NO_MATCH) {
                    return m;
                }
                continue;
            }
            cost.charge(1);
            if (r.matches(path, isDirectory, isXattr, cost)) {
                return r.isInclude() ? Match.INCLUDED : Match.EXCLUDED;
            }
        }
        return Match.NO_MATCH;
    }

    private static List<FilterRule> parseCvsDefault() {
        List<FilterRule> out = new ArrayList<>();
        try {
            new RuleParser(false, true).parse(CvsIgnore.DEFAULT,
                    FilterRule.NO_PREFIXES | FilterRule.WORD_SPLIT | FilterRule.NO_INHERIT
                            | FilterRule.CVS_IGNORE | FilterRule.PERISHABLE,
                    "the default CVS ignore list", null, new RuleParser.Sink() {
                        @Override
                        public void add(FilterRule rule) {
                            out.add(rule);
                        }

                        @Override
                        public void clear() {
                            out.clear();
                        }
                    });
        } catch (FilterException e) {
            throw new IllegalStateException(e);
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "DirectoryFilters[" + directory() + "]";
    }
}
