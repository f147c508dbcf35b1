package byteback.client.ssh;

import byteback.client.config.Destination;

/**
 * Where to connect: the destination with OpenSSH's configuration applied as ssh applies it (values
 * in the destination win over the files; the files over the defaults).
 *
 * @param alias the host as given in the destination (what Host lines are matched against)
 * @param host  the name or address connected to (HostName, else the alias)
 */
public record SshTarget(String alias, String host, int port, String user) {
    public static SshTarget resolve(Destination d, SshConfig.Values config) {
        String host = config.hostName() != null ? config.hostName() : d.host();
        int port = d.port() != null ? d.port() : config.port() != null ? config.port() : 22;
        String user = d.user() != null ? d.user() : config.user() != null ? config.user() : Destination.DEFAULT_USER;
        return new SshTarget(d.host(), host, port, user);
    }

    @Override
    public String toString() {
        return user + "@" + host + (port == 22 ? "" : ":" + port);
    }
}
