package byteback.rsync.flist;

import java.util.List;

/**
 * The xattrs of one or more entries. The sender transmits each distinct set once; later entries
 * with an identical set refer to it by index, so several {@link FileEntry}s share one instance
 * (rsync: xattrs.c rsync_xal_l).
 *
 * @param index  position in the order the sets were received (what the wire index refers to, less 1)
 * @param xattrs the attributes, sorted by name when a name was mapped (rsync sorts then)
 */
public record XattrSet(int index, List<Xattr> xattrs) {
    public XattrSet {
        xattrs = List.copyOf(xattrs);
    }
}
