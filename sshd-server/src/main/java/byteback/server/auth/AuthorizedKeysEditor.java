package byteback.server.auth;

import byteback.server.store.Beneath;
import byteback.server.store.Ownership;
import java.nio.ByteBuffer;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Changes ROOT/.ssh/authorized_keys: appends a client's key line in the original byteback's
 * format, or removes a client's lines. Edits are serialised with a lock file (the server and the
 * admin CLI may edit at once) and a rewrite replaces the file atomically, keeping its owner.
 */
public final class AuthorizedKeysEditor {
    private static final Object JVM_LOCK = new Object();

    private final Path file;
    private final Ownership ownership;

    public AuthorizedKeysEditor(Path file, Ownership ownership) {
        this.file = file;
        this.ownership = ownership;
    }

    /**
     * The line the original byteback-setup-client-receive writes:
     * {@code command="byteback-receive",from="IP",environment="BYTEBACK_HOST=NAME" KEY}.
     */
    public static String line(String client, String from, String publicKey) {
        ClientName.check(client);
        StringBuilder b = new StringBuilder("command=\"byteback-receive\",");
        if (from != null && !from.isEmpty()) {
            if (from.indexOf('"') >= 0 || from.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '\n')) {
                throw new IllegalArgumentException("invalid from pattern \"" + from + "\"");
            }
            b.append("from=\"").append(from).append("\",");
        }
        b.append("environment=\"").append(AuthorizedKey.CLIENT_VARIABLE).append('=').append(client).append("\" ");
        b.append(publicKey.strip());
        return b.toString();
    }

    /** The key of a public key line (no options), checked to be a key OpenSSH would accept. */
    public static AuthorizedKey parseKey(String publicKey) {
        String k = publicKey.strip();
        if (k.indexOf('\n') >= 0) throw new IllegalArgumentException("the public key must be one line");
        AuthorizedKey key = AuthorizedKeysParser.parseLine(0, k);
        if (key == null || key.options() != KeyOptions.NONE) {
            throw new IllegalArgumentException("not a public key line (KEYTYPE BASE64 [COMMENT])");
        }
        return key;
    }

    /**
     * Appends a line for the key unless that key is already listed.
     *
     * @return false when the key was already there (nothing written)
     */
    public boolean add(String client, String from, String publicKey) throws IOException {
        AuthorizedKey key = parseKey(publicKey);
        String text = line(client, from, publicKey);
        return locked(ssh -> {
            byte[] existing = read(ssh);
            for (AuthorizedKey k : AuthorizedKeysParser.parse(new String(existing, StandardCharsets.UTF_8)).keys()) {
                if (k.sameKey(key.blob())) return false;
            }
            String prefix = existing.length > 0 && existing[existing.length - 1] != '\n' ? "\n" : "";
            try (FileChannel ch = ssh.file(name(), ownership, StandardOpenOption.APPEND)) {
                ch.write(ByteBuffer.wrap((prefix + text + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            return true;
        });
    }

    /** Removes every line naming the client; returns how many. */
    public int revoke(String client) throws IOException {
        ClientName.check(client);
        return locked(ssh -> {
            String[] lines = new String(read(ssh), StandardCharsets.UTF_8).split("\n", -1);
            List<String> kept = new ArrayList<>();
            int removed = 0;
            for (String l : lines) {
                AuthorizedKey k;
                try {
                    k = AuthorizedKeysParser.parseLine(0, l);
                } catch (IllegalArgumentException e) {
                    k = null;
                }
                if (k != null && k.options().env(AuthorizedKey.CLIENT_VARIABLE).map(client::equals).orElse(false)) {
                    removed++;
                } else {
                    kept.add(l);
                }
            }
            if (removed > 0) ssh.replace(name(), String.join("\n", kept).getBytes(StandardCharsets.UTF_8), ownership);
            return removed;
        });
    }

    private String name() {
        return file.getFileName().toString();
    }

    /** The file's bytes (an empty file is made when there is none), never read through a symlink. */
    private byte[] read(Beneath ssh) throws IOException {
        try (FileChannel ch = ssh.file(name(), ownership, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > 64L << 20) throw new IOException(file + " is larger than 64 MiB");
            ByteBuffer b = ByteBuffer.allocate((int) size);
            while (b.hasRemaining() && ch.read(b) >= 0) { }
            return java.util.Arrays.copyOf(b.array(), b.position());
        }
    }

    private interface Edit<T> {
        T run(Beneath ssh) throws IOException;
    }

    /**
     * Runs an edit holding the lock file (the server and the admin CLI may edit at once). Every
     * file is opened beneath ROOT/.ssh without following a symlink: the CLI runs as root in a
     * directory the store's owner controls.
     */
    private <T> T locked(Edit<T> edit) throws IOException {
        Path ssh = file.getParent();
        synchronized (JVM_LOCK) {
            try (Beneath root = Beneath.root(ssh.getParent()); Beneath dir = root.dir(ssh.getFileName().toString(), ownership);
                 FileChannel ch = dir.file(".authorized_keys.lock", ownership, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                return edit.run(dir);
            }
        }
    }
}
