package byteback.client.backup;

import byteback.rsync.filter.FilterException;
import byteback.rsync.filter.FilterList;
import byteback.rsync.filter.FilterRule;
import byteback.rsync.options.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The filter rules of a backup, in the order the original's rsync command line gives them
 * (rsync: options.c, exclude.c parse_filter_str / parse_filter_file): each --exclude, then the lines
 * of CONFIG_DIR/excludes (--exclude-from), then the rules of CONFIG_DIR/rsync_filter (--filter
 * "merge FILE", merge files inside it followed). With --delete-excluded plain include/exclude
 * rules act on the sender only: they decide what the walk of the local tree sends, and the
 * server is sent only the rules meant for it (protect/risk, per-directory merge rules).
 */
public final class BackupFilters {
    private static final int MAX_MERGE_DEPTH = 10;

    private final List<String> rules;
    private final FilterList local;
    private final List<String> forReceiver;

    private BackupFilters(List<String> rules) throws FilterException {
        this.rules = List.copyOf(rules);
        this.local = FilterList.parse(rules, Role.SENDER, true);
        List<String> wire = new ArrayList<>();
        for (FilterRule r : FilterList.parse(rules, Role.RECEIVER, true).rules()) {
            if (!r.isSenderOnly()) wire.add(r.toString());
        }
        this.forReceiver = List.copyOf(wire);
    }

    public static BackupFilters of(BackupPlan plan) throws IOException, FilterException {
        String excludeFrom = plan.excludeFrom() == null ? null : Files.readString(plan.excludeFrom());
        List<String> rules = new ArrayList<>(rulesFromExcludes(plan.excludes(), excludeFrom));
        if (plan.mergeFilter() != null) mergeFile(plan.mergeFilter(), rules, 0);
        return new BackupFilters(rules);
    }

    /** For tests and callers that have the texts at hand. */
    static BackupFilters of(List<String> excludes, String excludeFromText, String mergeText, Path mergeBase)
            throws IOException, FilterException {
        List<String> rules = new ArrayList<>(rulesFromExcludes(excludes, excludeFromText));
        if (mergeText != null) mergeLines(mergeText, mergeBase, rules, 0);
        return new BackupFilters(rules);
    }

    /**
     * --exclude X and the lines of --exclude-from: patterns, where a leading "- " or "+ " is
     * read as the rule's kind (rsync's old-style prefixes); blank lines and lines starting with
     * ';' or '#' in the file are skipped.
     */
    static List<String> rulesFromExcludes(List<String> excludes, String excludeFromText) {
        List<String> out = new ArrayList<>();
        for (String e : excludes) out.add(asRule(e));
        if (excludeFromText != null) {
            for (String line : excludeFromText.split("\n")) {
                String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                if (l.isEmpty() || l.startsWith(";") || l.startsWith("#")) continue;
                out.add(asRule(l));
            }
        }
        return out;
    }

    private static String asRule(String pattern) {
        if (pattern.startsWith("- ") || pattern.startsWith("+ ")) return pattern;
        return "- " + pattern;
    }

    private static void mergeFile(Path file, List<String> rules, int depth) throws IOException, FilterException {
        if (depth > MAX_MERGE_DEPTH) throw new IOException(file + ": merge files nested too deeply");
        mergeLines(Files.readString(file), file.toAbsolutePath().getParent(), rules, depth);
    }

    /** The lines of a merge file: full rules; "merge FILE" / ". FILE" read FILE in place. */
    private static void mergeLines(String text, Path base, List<String> rules, int depth) throws IOException, FilterException {
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) continue;
            String inner = null;
            if (l.startsWith("merge ")) inner = l.substring(6).strip();
            else if (l.startsWith(". ")) inner = l.substring(2).strip();
            if (inner != null) {
                Path p = Path.of(inner);
                mergeFile(p.isAbsolute() ? p : base.resolve(p), rules, depth + 1);
            } else {
                rules.add(l);
            }
        }
    }

    /** Every rule, in order, in rsync's wire syntax. */
    public List<String> rules() {
        return rules;
    }

    /** The rules the walk of the local tree obeys. */
    public FilterList local() {
        return local;
    }

    /** What the client sends the receiving server (rsync: exclude.c send_filter_list). */
    public List<String> forReceiver() {
        return forReceiver;
    }

    /**
     * Whether the walk leaves {@code path} out.
     *
     * @param path relative to the transfer root (with --relative and the root "/": the absolute
     *             path without its leading slash)
     */
    public boolean excluded(String path, boolean isDirectory) {
        return local.isExcluded(path, isDirectory);
    }
}
