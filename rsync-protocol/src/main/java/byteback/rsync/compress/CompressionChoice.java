package byteback.rsync.compress;

import byteback.rsync.checksum.NameNegotiation;
import byteback.rsync.checksum.NegotiationException;
import java.util.List;

/**
 * Which compressor a session uses (rsync: compat.c parse_compress_choice and
 * negotiate_the_strings). With -z and negotiation the peers negotiate over their lists; with -z
 * and no negotiation (an old client) it is zlib; {@code --compress-choice=X} (sent by the client
 * as {@code --compress-choice} / {@code --zc}) fixes it without negotiating.
 */
public final class CompressionChoice {
    /** The compressors we support, in rsync's order of preference (rsync: valid_compressions). */
    public static final List<Compression> SUPPORTED = List.of(Compression.values());

    public static final NameNegotiation<Compression> NEGOTIATION =
            new NameNegotiation<>("compress", Compression::byWireName, Compression::wireName);

    private CompressionChoice() {
    }

    /** Our list as sent; a server includes "none", a client leaves it out. */
    public static String ourList(boolean asServer) {
        return NEGOTIATION.format(asServer ? SUPPORTED : SUPPORTED.subList(0, SUPPORTED.size() - 1));
    }

    public static Compression negotiateAsServer(String clientList) throws NegotiationException {
        return NEGOTIATION.chooseAsServer(SUPPORTED, clientList);
    }

    public static Compression negotiateAsClient(String serverList) throws NegotiationException {
        return NEGOTIATION.chooseAsClient(SUPPORTED.subList(0, SUPPORTED.size() - 1), serverList);
    }

    /**
     * Without negotiation: the named compressor when {@code --compress-choice} was given, else
     * zlib when compressing at all, else none.
     *
     * @throws NegotiationException "unknown compress name: X"
     */
    public static Compression fixed(boolean compress, String compressChoiceOption) throws NegotiationException {
        if (compressChoiceOption != null) {
            Compression c = Compression.byWireName(compressChoiceOption);
            if (c == null) {
                throw new NegotiationException("unknown compress name: " + compressChoiceOption);
            }
            return c;
        }
        return compress ? Compression.ZLIB : Compression.NONE;
    }
}
