package byteback.server.auth;

import byteback.server.store.Ownership;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
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
        return locked(() -> {
            for (AuthorizedKey k : read().keys()) {
                if (k.sameKey(key.blob())) return false;
            }
            ensureFile();
            byte[] existing = Files.readAllBytes(file);
            String prefix = existing.length > 0 && existing[existing.length - 1] != '\n' ? "\n" : "";
            Files.writeString(file, prefix + text + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return true;
        });
    }

    /** Removes every line naming the client; returns how many. */
    public int revoke(String client) throws IOException {
        ClientName.check(client);
        return locked(() -> {
            if (!Files.exists(file)) return 0;
            String[] lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n", -1);
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
            if (removed > 0) replace(String.join("\n", kept));
            return removed;
        });
    }

    private AuthorizedKeysParser.Result read() throws IOException {
        if (!Files.exists(file)) return new AuthorizedKeysParser.Result(List.of(), List.of());
        return AuthorizedKeysParser.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    private void ensureFile() throws IOException {
        Ownership.createPrivateDirectories(file.getParent(), ownership);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) Ownership.createPrivateFile(file, ownership);
    }

    private void replace(String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".byteback-tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(Files.getPosixFilePermissions(file)));
        Files.setAttribute(tmp, "unix:uid", Files.getAttribute(file, "unix:uid"));
        Files.setAttribute(tmp, "unix:gid", Files.getAttribute(file, "unix:gid"));
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private interface Edit<T> {
        T run() throws IOException;
    }

    private <T> T locked(Edit<T> edit) throws IOException {
        Path lockFile = file.resolveSibling(".authorized_keys.lock");
        synchronized (JVM_LOCK) {
            Ownership.createPrivateDirectories(file.getParent(), ownership);
            boolean fresh = !Files.exists(lockFile);
            try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                if (fresh) ownership.apply(lockFile);
                return edit.run();
            }
        }
    }
}
