package byteback.client;

import byteback.client.config.ConfigDir;
import byteback.client.config.Destination;
import byteback.client.ssh.ClientKeys;
import byteback.client.ssh.KnownHosts;
import byteback.client.ssh.SshConfig;
import byteback.client.ssh.SshConnection;
import byteback.client.ssh.SshTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command shares to reach the server, and the connection they lead to. */
public final class Connector {
    @Option(names = {"-d", "--destination"}, paramLabel = "DEST",
            description = "Backup server, user@host: or ssh://user@host:port (default: the first line of CONFIG_DIR/destination)")
    String destination;

    @Option(names = {"-k", "--ssh-key"}, paramLabel = "FILE", description = "SSH key file (default: CONFIG_DIR/key)")
    Path sshKey;

    @Option(names = "--config-dir", paramLabel = "DIR", defaultValue = "/etc/byteback",
            description = "Configuration directory (default: ${DEFAULT-VALUE})")
    Path configDir;

    @Option(names = {"-F", "--ssh-config"}, paramLabel = "FILE",
            description = "OpenSSH client configuration to read instead of ~/.ssh/config and /etc/ssh/ssh_config")
    Path sshConfig;

    /** Whether --destination was given. */
    public boolean destinationGiven() {
        return destination != null;
    }

    public ConfigDir config() {
        return new ConfigDir(configDir);
    }

    public Path keyFile() {
        return sshKey != null ? sshKey : config().key();
    }

    /** The destination: --destination, else the configuration file; a clear error when neither. */
    public Destination destination() throws ClientException {
        String text = destination;
        if (text == null) {
            try {
                text = config().destination().orElse(null);
            } catch (IOException e) {
                throw new ClientException("cannot read " + config().destinationFile() + ": " + e.getMessage(), ExitCodes.USAGE);
            }
        }
        if (text == null) {
            throw new ClientException("no destination: give --destination user@host: or put it into "
                    + config().destinationFile() + " (byteback-setup-client does)", ExitCodes.USAGE);
        }
        try {
            return Destination.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ClientException(e.getMessage(), ExitCodes.USAGE);
        }
    }

    public SshTarget target(Destination d) throws ClientException {
        List<Path> files = sshConfig != null ? List.of(sshConfig)
                : List.of(Path.of(System.getProperty("user.home"), ".ssh", "config"), Path.of("/etc/ssh/ssh_config"));
        try {
            return SshTarget.resolve(d, SshConfig.read(files).lookup(d.host()));
        } catch (IOException | IllegalArgumentException e) {
            throw new ClientException("cannot read the ssh configuration: " + e.getMessage(), ExitCodes.USAGE);
        }
    }

    public KnownHosts knownHosts() {
        return new KnownHosts(config().knownHosts(), List.of(Path.of("/etc/ssh/ssh_known_hosts"),
                Path.of("/etc/ssh/ssh_known_hosts2"), Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"),
                Path.of(System.getProperty("user.home"), ".ssh", "known_hosts2")));
    }

    /** Loads the key; fails early and clearly when it cannot be read. */
    public KeyPair key() throws ClientException {
        return ClientKeys.load(keyFile());
    }

    /** Connects with the client's key, host key checked strictly. */
    public SshConnection connect(SshTarget target, KeyPair key) throws ClientException {
        return SshConnection.open(target, new SshConnection.Login.Key(key, keyFile().toString()), knownHosts(),
                SshConnection.HostKeyPolicy.STRICT, null);
    }
}
