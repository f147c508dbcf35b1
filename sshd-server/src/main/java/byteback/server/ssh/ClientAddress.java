package byteback.server.ssh;

import byteback.server.auth.FromPatterns;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** A client's address as OpenSSH shows it in SSH_CONNECTION (and so as from= matches it). */
final class ClientAddress {
    private ClientAddress() {}

    static String forFrom(String hostAddress) throws UnknownHostException {
        // a numeric literal: no name lookup happens
        String literal = hostAddress.indexOf(':') >= 0 ? "[" + stripScope(hostAddress) + "]" : hostAddress;
        return FromPatterns.AddressText.of(InetAddress.getByName(literal));
    }

    private static String stripScope(String s) {
        int pct = s.indexOf('%');
        return pct < 0 ? s : s.substring(0, pct);
    }
}
