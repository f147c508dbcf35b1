package byteback.rsync.flist;

import byteback.rsync.wire.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sorting, duplicate removal, root stripping and hard-link grouping of a received list. */
final class FileListCleaner {
    private FileListCleaner() {}

    /**
     * rsync: flist.c flist_sort_and_clean (receiver, no inc-recurse) followed by hlink.c
     * match_hard_links. Returns the entries in protocol index order.
     */
    static List<FileEntry> sortAndClean(List<FileEntry> received, FileListConfig config)
            throws ProtocolException {
        List<FileEntry> s = new ArrayList<>(received);
        FileNameOrder.sort(s);
        removeDuplicates(s);
        assignPaths(s, config.relativePaths());
        rejectCollisions(s);
        matchHardLinks(s);
        return s;
    }

    private static void removeDuplicates(List<FileEntry> s) {
        Map<String, Integer> nonDirs = new HashMap<>();
        int prev = 0;
        if (!s.isEmpty() && !s.get(0).isDirectory()) {
            nonDirs.put(joined(s.get(0)), 0);
        }
        for (int i = 1; i < s.size(); i++) {
            FileEntry file = s.get(i);
            int j = -1;
            if (FileNameOrder.compare(file, s.get(prev)) == 0) {
                j = prev;
            } else if (file.isDirectory()) {
                // a directory must not duplicate a non-directory earlier in the list
                Integer k = nonDirs.get(joined(file));
                if (k != null && !s.get(k).removed) {
                    j = k;
                }
            }
            if (j >= 0) {
                int keep;
                int drop;
                FileEntry fp = s.get(j);
                if (file.isDirectory()) {
                    if (!fp.isDirectory()) {
                        keep = i;
                        drop = j;
                    } else {
                        // merge the vital flags into the kept directory
                        fp.flags |= file.flags & (FileEntry.FLAG_TOP_DIR | FileEntry.FLAG_CONTENT_DIR);
                        fp.flags &= file.flags | ~FileEntry.FLAG_IMPLIED_DIR;
                        keep = j;
                        drop = i;
                    }
                } else {
                    keep = j;
                    drop = i;
                }
                s.get(drop).removed = true;
                if (keep == i) {
                    prev = i;
                }
            } else {
                prev = i;
            }
            if (!file.removed && !file.isDirectory()) {
                nonDirs.putIfAbsent(joined(file), i);
            }
        }
    }

    /** The final path: --relative's leading slashes stripped, "dir/." reduced to "dir". */
    private static void assignPaths(List<FileEntry> s, boolean stripRoot) {
        for (FileEntry e : s) {
            byte[] dir = e.dirname;
            if (stripRoot && dir != null) {
                int k = 0;
                while (k < dir.length && dir[k] == '/') {
                    k++;
                }
                dir = k == dir.length ? null : Arrays.copyOfRange(dir, k, dir.length);
            }
            boolean dot = e.basename.length == 1 && e.basename[0] == '.';
            if (dir == null) {
                e.path = e.basename;
            } else if (dot) {
                e.path = dir;
            } else {
                e.path = new byte[dir.length + 1 + e.basename.length];
                System.arraycopy(dir, 0, e.path, 0, dir.length);
                e.path[dir.length] = '/';
                System.arraycopy(e.basename, 0, e.path, dir.length + 1, e.basename.length);
            }
        }
    }

    /**
     * What rsync leaves to chance, we refuse: two active entries that name the same file (after
     * stripping the root, e.g. "/a" and "a") would make the receiver write one path twice.
     */
    private static void rejectCollisions(List<FileEntry> s) throws ProtocolException {
        Set<String> seen = new HashSet<>();
        for (FileEntry e : s) {
            if (!e.removed && !seen.add(new String(e.path, StandardCharsets.ISO_8859_1))) {
                throw new ProtocolException("colliding file names in the file list: "
                        + FileNames.printable(e.path));
            }
        }
    }

    /** rsync: hlink.c match_hard_links / match_gnums for protocol 30+ without inc-recurse. */
    private static void matchHardLinks(List<FileEntry> s) {
        Map<Integer, Integer> firstOfGroup = new HashMap<>();
        Map<Integer, Integer> groupSize = new HashMap<>();
        for (int i = 0; i < s.size(); i++) {
            FileEntry e = s.get(i);
            if (e.hardLinked && !e.removed) {
                firstOfGroup.putIfAbsent(e.hardLinkGroup, i);
                groupSize.merge(e.hardLinkGroup, 1, Integer::sum);
            }
        }
        for (FileEntry e : s) {
            if (e.hardLinked && !e.removed && groupSize.get(e.hardLinkGroup) > 1) {
                e.hardLinkFirst = firstOfGroup.get(e.hardLinkGroup);
            } else {
                e.hardLinked = false;
                e.hardLinkFirst = -1;
            }
        }
    }

    private static String joined(FileEntry e) {
        String base = new String(e.basename, StandardCharsets.ISO_8859_1);
        return e.dirname == null ? base
                : new String(e.dirname, StandardCharsets.ISO_8859_1) + "/" + base;
    }
}
