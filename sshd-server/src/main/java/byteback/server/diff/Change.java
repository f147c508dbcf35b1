package byteback.server.diff;

import java.util.List;

/**
 * One path that differs between two snapshots.
 *
 * @param path    the path beneath the snapshot's top, as stored (bytes of the client's name)
 * @param kind    added, removed or changed
 * @param type    the entry's type on the client: for a removed path its old type, else its new one
 * @param size    its size in bytes (added or removed regular files; else the new size)
 * @param aspects for a changed path, what changed, in a fixed order (never empty); else empty
 */
public record Change(byte[] path, Kind kind, EntryType type, long size, List<Aspect> aspects) {

    public enum Kind { ADDED, REMOVED, CHANGED }

    /** What about a path changed, with its value before and after as the diff prints them. */
    public record Aspect(What what, String before, String after) {}

    /** The aspects of a change, in the order they are reported. */
    public enum What {
        TYPE("type"), CONTENT("content"), TARGET("target"), DEVICE("device"), MODE("mode"), OWNER("owner"),
        XATTRS("xattrs"), MTIME("mtime");

        private final String word;

        What(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }
}
