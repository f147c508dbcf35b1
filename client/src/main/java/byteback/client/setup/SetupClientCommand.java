package byteback.client.setup;

import byteback.client.ClientException;
import byteback.client.Connector;
import byteback.client.ExitCodes;
import byteback.client.config.ConfigDir;
import byteback.client.config.Destination;
import byteback.client.ssh.ClientKeys;
import byteback.client.ssh.RemoteCommand;
import byteback.client.ssh.SshConnection;
import byteback.client.ssh.SshTarget;
import java.io.Console;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * byteback-setup-client: makes the client's key (CONFIG_DIR/key) unless there is one, logs in to
 * the server with the invite token as the SSH password, records the server's host key in
 * CONFIG_DIR/known_hosts (printing its fingerprint), enrols the key with
 * byteback-setup-client-receive NAME PUBKEY, and writes CONFIG_DIR/destination.
 */
@Command(name = "setup-client", mixinStandardHelpOptions = true,
        description = "Enrol this machine with a byteback server, using an invite token from its administrator.")
public final class SetupClientCommand implements Callable<Integer> {
    @Mixin
    Connector connector;

    @Option(names = "--hostname", paramLabel = "NAME", description = "Name of this machine on the server (default: hostname -f)")
    String hostname;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the invite token from FILE (default: ask on the terminal)")
    Path tokenFile;

    @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "ed25519",
            description = "Type of a new key: ed25519, ecdsa or rsa (default: ${DEFAULT-VALUE})")
    String keyType;

    @Override
    public Integer call() throws ClientException, IOException {
        if (!connector.destinationGiven()) {
            throw new ClientException("give --destination user@host: (the byteback server)", ExitCodes.USAGE);
        }
        Destination given = connector.destination();
        Destination dest = given.user() == null ? new Destination(Destination.DEFAULT_USER, given.host(), given.port(), given.path())
                : given;
        String name = hostname != null ? hostname : defaultHostname();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new ClientException("\"" + name + "\" is not a usable client name (letters, digits, . _ -)", ExitCodes.USAGE);
        }
        ConfigDir config = connector.config();
        Path keyFile = connector.keyFile();
        KeyPair key;
        if (Files.isReadable(keyFile)) {
            System.err.println("Using the existing key " + keyFile + " (delete it to make a new one)");
            key = ClientKeys.load(keyFile);
        } else {
            key = ClientKeys.generate(keyType);
            try {
                ClientKeys.write(key, keyFile, "byteback client key " + name);
            } catch (IOException e) {
                throw new ClientException("cannot write the key " + keyFile + ": " + e.getMessage(), ExitCodes.FAILURE, e);
            }
            System.err.println("Made a new " + keyType + " key: " + keyFile);
        }
        SshTarget target = connector.target(dest);
        String token = readToken(target);
        String publicKey = ClientKeys.publicLine(key, "byteback-client-key");
        try (SshConnection ssh = SshConnection.open(target, new SshConnection.Login.Password(token), connector.knownHosts(),
                SshConnection.HostKeyPolicy.RECORD_NEW, ev -> {
                    if (ev.recorded()) {
                        System.err.println("The server's host key is " + ev.fingerprint() + "; recorded in " + config.knownHosts());
                    } else {
                        System.err.println("The server's host key " + ev.fingerprint() + " is already known");
                    }
                })) {
            RemoteCommand.Result r = ssh.run("byteback-setup-client-receive " + name + " " + publicKey, Duration.ofMinutes(2));
            if (r.exit() != 0) {
                throw new ClientException("the server refused the enrolment: "
                        + (r.combined().isEmpty() ? "exit status " + r.exit() : r.combined()), ExitCodes.FAILURE);
            }
            if (!r.combined().isEmpty()) System.err.println(r.combined());
        }
        try {
            Files.createDirectories(config.dir());
            Files.writeString(config.destinationFile(), dest.text() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ClientException("enrolled, but cannot write " + config.destinationFile() + ": " + e.getMessage(), ExitCodes.FAILURE, e);
        }
        System.out.println("Setup worked! To take your first backup run: byteback-backup --verbose");
        return ExitCodes.OK;
    }

    private String readToken(SshTarget target) throws ClientException {
        if (tokenFile != null) {
            try {
                String t = Files.readString(tokenFile).strip();
                if (t.isEmpty()) throw new ClientException(tokenFile + " is empty", ExitCodes.USAGE);
                return t;
            } catch (IOException e) {
                throw new ClientException("cannot read the token file " + tokenFile + ": " + e.getMessage(), ExitCodes.USAGE);
            }
        }
        Console console = System.console();
        if (console == null) {
            throw new ClientException("no terminal to ask for the invite token: give --token-file FILE", ExitCodes.USAGE);
        }
        char[] t = console.readPassword("Invite token for %s: ", target);
        if (t == null || t.length == 0) throw new ClientException("no invite token given", ExitCodes.USAGE);
        return new String(t).strip();
    }

    private static String defaultHostname() {
        try {
            String h = InetAddress.getLocalHost().getCanonicalHostName();
            System.err.println("No --hostname given, using " + h);
            return h;
        } catch (IOException e) {
            throw new IllegalStateException("cannot find this machine's name: give --hostname", e);
        }
    }
}
