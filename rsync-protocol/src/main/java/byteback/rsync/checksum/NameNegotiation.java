package byteback.rsync.checksum;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The pure logic of rsync's name negotiation (rsync: compat.c negotiate_the_strings,
 * parse_nni_str, parse_negotiate_str, get_default_nno_list), shared by checksums and compressors.
 *
 * <p>Each side sends its list (a vstring of space-separated names, most preferred first) before
 * reading the peer's, and each picks on its own. A client picks its own most preferred name that
 * the server listed. The server therefore picks the <em>first name in the client's list</em> that
 * it supports itself: that is the client's pick whatever order the server lists its names in, and
 * what rsync 3.2's server does literally ("the server uses the first match from the client's
 * list"). Names are matched ignoring case; unknown names are skipped.
 *
 * @param <E> the enum of names (ChecksumAlgorithm or Compression)
 */
public final class NameNegotiation<E> {
    private final String type;
    private final Function<String, E> byName;
    private final Function<E, String> nameOf;

    /**
     * @param type rsync's word for the list in messages: "checksum" or "compress"
     */
    public NameNegotiation(String type, Function<String, E> byName, Function<E, String> nameOf) {
        this.type = type;
        this.byName = byName;
        this.nameOf = nameOf;
    }

    /**
     * rsync: compat.c parse_nni_str — a user's or peer's list as the names we know, in order,
     * without duplicates. Whitespace separates names; an '{@code &}' ends the list (the
     * environment variables put the client's list before it and the server's after it).
     */
    public List<E> parse(String list) {
        List<E> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        int amp = list.indexOf('&');
        String s = amp >= 0 ? list.substring(0, amp) : list;
        for (String tok : s.trim().split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            E e = byName.apply(tok);
            if (e != null && !out.contains(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Our list as sent on the wire: the names joined by single spaces. */
    public String format(List<E> names) {
        StringBuilder sb = new StringBuilder();
        for (E e : names) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(nameOf.apply(e));
        }
        return sb.toString();
    }

    /**
     * The server's choice: the first name of the client's list that is in {@code ours}
     * (rsync: compat.c recv_negotiate_str / parse_negotiate_str on the server).
     *
     * @throws NegotiationException "Failed to negotiate a ... choice." when there is none
     */
    public E chooseAsServer(List<E> ours, String clientList) throws NegotiationException {
        for (E e : parse(clientList)) {
            if (ours.contains(e)) {
                return e;
            }
        }
        throw failure("Client", clientList, "Server", ours);
    }

    /**
     * The client's choice: the first name of {@code ours} that the server listed
     * (rsync: compat.c parse_negotiate_str on the client).
     */
    public E chooseAsClient(List<E> ours, String serverList) throws NegotiationException {
        List<E> theirs = parse(serverList);
        for (E e : ours) {
            if (theirs.contains(e)) {
                return e;
            }
        }
        throw failure("Server", serverList, "Client", ours);
    }

    private NegotiationException failure(String peerRole, String peerList, String ourRole, List<E> ours) {
        String our = ours.isEmpty() ? "INVALID" : format(ours);
        return new NegotiationException("Failed to negotiate a " + type + " choice.\n"
                + peerRole + " " + type + " list: " + (peerList == null ? "" : peerList) + "\n"
                + ourRole + " " + type + " list: " + our);
    }
}
