package byteback.server.cli;

import byteback.btrfs.Btrfs;
import byteback.server.auth.AuthorizedKeysEditor;
import byteback.server.auth.ClientName;
import byteback.server.store.Ownership;
import byteback.server.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "enrol", mixinStandardHelpOptions = true,
        description = "Lets a client's key back up: creates NAME/current and adds the key line to ROOT/.ssh/authorized_keys.")
final class EnrolCommand implements Callable<Integer> {
    @Mixin RootOption root;

    @Option(names = "--name", required = true, description = "the client's name (its directory under ROOT)")
    String name;

    @Option(names = "--key", required = true, paramLabel = "FILE|-",
            description = "the client's public key file (e.g. /etc/byteback/key.pub), or - for standard input")
    String key;

    @Option(names = "--from", paramLabel = "PATTERN",
            description = "limit the key to these source addresses (OpenSSH from= patterns, e.g. 192.0.2.7 or 10.0.0.0/8)")
    String from;

    @Override
    public Integer call() throws IOException {
        ClientName.check(name);
        Store store = root.existingStore();
        String publicKey = readKey();
        AuthorizedKeysEditor.parseKey(publicKey);
        Ownership ownership = Ownership.of(store.root());
        ClientDirectory.create(store, name, new Btrfs(), ownership);
        boolean added = new AuthorizedKeysEditor(store.authorizedKeys(), ownership).add(name, from, publicKey);
        if (!added) {
            System.err.println("byteback-server enrol: that key is already in " + store.authorizedKeys() + "; nothing changed");
            return ExitCodes.FAILED;
        }
        System.out.println("Enrolled " + name + ": backups go to " + store.current(name));
        return ExitCodes.OK;
    }

    private String readKey() throws IOException {
        byte[] raw = key.equals("-") ? System.in.readNBytes(64 * 1024) : Files.readAllBytes(Path.of(key));
        for (String line : new String(raw, StandardCharsets.UTF_8).split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) return l;
        }
        throw new IllegalArgumentException("no public key in " + (key.equals("-") ? "standard input" : key));
    }
}
