package byteback.server.metrics;

import java.net.InetSocketAddress;

/** {@code serve --metrics}'s argument: {@code HOST:PORT}, {@code [IPv6]:PORT} or {@code :PORT} (all addresses). */
public final class MetricsAddress {
    private MetricsAddress() {}

    public static InetSocketAddress parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("--metrics wants ADDRESS:PORT, e.g. 127.0.0.1:9922, not \"" + text + "\"");
        String host = t.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--metrics: bad port in \"" + text + "\"");
        }
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--metrics: port out of range in \"" + text + "\"");
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}
