package byteback.rsync.checksum;

import java.util.List;

/**
 * The checksums of a session: {@code transfer} for block sums and the whole-file sum after each
 * file (rsync: xfer_sum_nni), {@code file} for --checksum's pre-transfer sums in the file list
 * (rsync: file_sum_nni). Both are the negotiated one when the peers negotiate.
 * (rsync: checksum.c parse_checksum_choice, compat.c negotiate_the_strings.)
 */
public record ChecksumChoice(ChecksumAlgorithm transfer, ChecksumAlgorithm file, boolean negotiated) {

    /** The names we support, in rsync's order of preference (rsync: valid_checksums). */
    public static final List<ChecksumAlgorithm> SUPPORTED = List.of(ChecksumAlgorithm.values());

    public static final NameNegotiation<ChecksumAlgorithm> NEGOTIATION =
            new NameNegotiation<>("checksum", ChecksumAlgorithm::byWireName, ChecksumAlgorithm::wireName);

    /**
     * The list a server sends (rsync: compat.c get_default_nno_list; a server includes "none",
     * a client leaves it out).
     */
    public static String ourList(boolean asServer) {
        return NEGOTIATION.format(asServer ? SUPPORTED : SUPPORTED.subList(0, SUPPORTED.size() - 1));
    }

    /** The outcome of negotiation: the one algorithm for both purposes. */
    public static ChecksumChoice negotiated(ChecksumAlgorithm algorithm) {
        return new ChecksumChoice(algorithm, algorithm, true);
    }

    /** As server: the client's list against ours (see {@link NameNegotiation#chooseAsServer}). */
    public static ChecksumChoice negotiateAsServer(String clientList) throws NegotiationException {
        return negotiated(NEGOTIATION.chooseAsServer(SUPPORTED, clientList));
    }

    /** As client: our list (without "none") against the server's. */
    public static ChecksumChoice negotiateAsClient(String serverList) throws NegotiationException {
        return negotiated(NEGOTIATION.chooseAsClient(SUPPORTED.subList(0, SUPPORTED.size() - 1), serverList));
    }

    /**
     * Without negotiation (rsync: checksum.c parse_checksum_choice / parse_csum_name): from
     * {@code --checksum-choice=X} or {@code X,Y} (transfer, file) when given, where "auto" or no
     * option means md5 from protocol 30 and md4 before.
     *
     * @throws NegotiationException "unknown checksum name: X"
     */
    public static ChecksumChoice fixed(String checksumChoiceOption, int protocol) throws NegotiationException {
        if (checksumChoiceOption == null) {
            ChecksumAlgorithm a = ChecksumAlgorithm.defaultFor(protocol);
            return new ChecksumChoice(a, a, false);
        }
        int comma = checksumChoiceOption.indexOf(',');
        if (comma < 0) {
            ChecksumAlgorithm a = byName(checksumChoiceOption, protocol);
            return new ChecksumChoice(a, a, false);
        }
        return new ChecksumChoice(byName(checksumChoiceOption.substring(0, comma), protocol),
                byName(checksumChoiceOption.substring(comma + 1), protocol), false);
    }

    private static ChecksumAlgorithm byName(String name, int protocol) throws NegotiationException {
        if (name.equalsIgnoreCase("auto")) {
            return ChecksumAlgorithm.defaultFor(protocol);
        }
        ChecksumAlgorithm a = ChecksumAlgorithm.byWireName(name);
        if (a == null) {
            throw new NegotiationException("unknown checksum name: " + name);
        }
        return a;
    }
}
