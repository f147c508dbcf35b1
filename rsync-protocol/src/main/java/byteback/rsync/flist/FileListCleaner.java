package byteback.rsync.flist;

import byteback.rsync.wire.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Sorting, duplicate removal, root stripping and hard-link grouping of a received list. */
final class FileListCleaner {
    private FileListCleaner() {}

    /**
     * rsync: flist.c flist_sort_and_clean (receiver) followed by hlink.c match_hard_links
     * (without incremental recursion), over a compact list's rows.
     */
    static FileList sortAndClean(EntryColumns c, FileListConfig config, int ioError, Map<Integer, String> users,
            Map<Integer, String> groups, boolean incremental) throws ProtocolException {
        c.trim();
        int[] rows = new int[c.size];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        FileNameOrder.sortRows(rows, c);
        removeDuplicates(rows, c);
        boolean strip = config.relativePaths();
        FileEntry tmp = new FileEntry();
        PathIndex paths = new PathIndex(rows.length, i -> !c.removed(rows[i]),
                i -> FileList.path(c.loadName(rows[i], tmp), strip));
        // with incremental recursion a group may go on in later lists: each entry keeps its group
        // number (FileEntry#hardLinkGroup) and the generator matches them (rsync: hlink.c with inc_recurse)
        int[] hardLinkFirst = c.hardLinkGroup == null || incremental ? null : matchHardLinks(rows, c);
        return new FileList(c, rows, hardLinkFirst, strip, paths, ioError, users, groups);
    }

    private static void removeDuplicates(int[] s, EntryColumns c) {
        // a directory must not duplicate a non-directory earlier in the list: only names that
        // some directory has can matter, so only those go into the map
        Set<ByteBuffer> dirBasenames = new HashSet<>();
        for (int r = 0; r < c.size; r++) {
            if (c.isDirectory(r)) {
                dirBasenames.add(ByteBuffer.wrap(c.nameChunk(r), c.nameOffset(r), c.nameLength(r)));
            }
        }
        Map<String, Integer> nonDirs = new HashMap<>();
        FileEntry file = new FileEntry();
        FileEntry other = new FileEntry();
        int prev = 0;
        if (s.length > 0) {
            remember(s, 0, c, file, dirBasenames, nonDirs);
        }
        for (int i = 1; i < s.length; i++) {
            c.loadName(s[i], file);
            int j = -1;
            if (FileNameOrder.compare(file, c.loadName(s[prev], other)) == 0) {
                j = prev;
            } else if (file.isDirectory()) {
                Integer k = nonDirs.get(joined(file));
                if (k != null && !c.removed(s[k])) {
                    j = k;
                }
            }
            if (j >= 0) {
                int keep;
                int drop;
                if (file.isDirectory()) {
                    if (!c.isDirectory(s[j])) {
                        keep = i;
                        drop = j;
                    } else {
                        // merge the vital flags into the kept directory
                        int fp = c.flags[s[j]];
                        fp |= file.flags & (FileEntry.FLAG_TOP_DIR | FileEntry.FLAG_CONTENT_DIR);
                        fp &= file.flags | ~FileEntry.FLAG_IMPLIED_DIR;
                        c.flags[s[j]] = (byte) fp;
                        keep = j;
                        drop = i;
                    }
                } else {
                    keep = j;
                    drop = i;
                }
                c.flags[s[drop]] |= EntryColumns.F_REMOVED;
                if (keep == i) {
                    prev = i;
                }
            } else {
                prev = i;
            }
            remember(s, i, c, file, dirBasenames, nonDirs);
        }
    }

    private static void remember(int[] s, int i, EntryColumns c, FileEntry e, Set<ByteBuffer> dirBasenames,
            Map<String, Integer> nonDirs) {
        int r = s[i];
        if (!c.removed(r) && !c.isDirectory(r) && dirBasenames.contains(ByteBuffer.wrap(c.nameChunk(r), c.nameOffset(r), c.nameLength(r)))) {
            nonDirs.putIfAbsent(joined(c.loadName(r, e)), i);
        }
    }

    /** rsync: hlink.c match_hard_links / match_gnums for protocol 30+ without inc-recurse. */
    private static int[] matchHardLinks(int[] s, EntryColumns c) {
        Map<Integer, Integer> firstOfGroup = new HashMap<>();
        Map<Integer, Integer> groupSize = new HashMap<>();
        for (int i = 0; i < s.length; i++) {
            int r = s[i];
            if ((c.flags[r] & EntryColumns.F_HARD_LINKED) != 0 && !c.removed(r)) {
                firstOfGroup.putIfAbsent(c.hardLinkGroup[r], i);
                groupSize.merge(c.hardLinkGroup[r], 1, Integer::sum);
            }
        }
        int[] first = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            int r = s[i];
            if ((c.flags[r] & EntryColumns.F_HARD_LINKED) != 0 && !c.removed(r)
                    && groupSize.get(c.hardLinkGroup[r]) > 1) {
                first[i] = firstOfGroup.get(c.hardLinkGroup[r]);
            } else {
                c.flags[r] &= ~EntryColumns.F_HARD_LINKED;
                first[i] = -1;
            }
        }
        return first;
    }

    private static String joined(FileEntry e) {
        String base = new String(e.baseArray(), e.baseOffset(), e.baseLength(), StandardCharsets.ISO_8859_1);
        return e.dirname == null ? base
                : new String(e.dirname, StandardCharsets.ISO_8859_1) + "/" + base;
    }
}
