package byteback.rsync.session;

import java.util.List;

/**
 * Choosing a checksum or compressor from the client's list (rsync: compat.c parse_negotiate_str):
 * our most preferred name that also appears in the peer's list. Pure logic.
 */
public final class NameNegotiation {
    private NameNegotiation() {}

    /** Our first name found in {@code peerList} (space separated), or null when none is. */
    public static String choose(List<String> ours, String peerList) {
        List<String> theirs = List.of(peerList.trim().split("\\s+"));
        for (String name : ours) {
            if (theirs.contains(name)) {
                return name;
            }
        }
        return null;
    }
}
