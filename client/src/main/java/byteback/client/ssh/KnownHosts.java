package byteback.client.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * known_hosts files in OpenSSH's format: byteback's own (/etc/byteback/known_hosts, where
 * setup-client records the server's key) and the system's (/etc/ssh/ssh_known_hosts,
 * ~/.ssh/known_hosts), read together.
 */
public final class KnownHosts {
    private final Path own;
    private final List<Path> files;

    /** @param own the file new keys are recorded in; {@code others} are only read */
    public KnownHosts(Path own, List<Path> others) {
        this.own = own;
        this.files = new ArrayList<>();
        files.add(own);
        files.addAll(others);
    }

    public Path own() {
        return own;
    }

    /** Every key line that names {@code host} (and port, [host]:port style when not 22). */
    public List<HostKeyCheck.Known> linesFor(String host, int port) throws IOException {
        List<HostKeyCheck.Known> out = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) continue;
            List<KnownHostEntry> entries;
            try {
                entries = KnownHostEntry.readKnownHostEntries(f);
            } catch (IOException | RuntimeException e) {
                throw new IOException("cannot read " + f + ": " + e.getMessage(), e);
            }
            for (KnownHostEntry e : entries) {
                if (!e.isHostMatch(host, port)) continue;
                AuthorizedKeyEntry ke = e.getKeyEntry();
                if (ke == null || ke.getKeyType() == null) continue;
                out.add(new HostKeyCheck.Known(ke.getKeyType(), () -> decode(ke), e.getMarker(), f.toString()));
            }
        }
        return out;
    }

    /** The line's key, or null when it cannot be read (a key type we cannot read cannot match the one we were shown). */
    private static PublicKey decode(AuthorizedKeyEntry ke) {
        try {
            return ke.resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
        } catch (Exception ex) {
            return null;
        }
    }

    /** Appends the host's key to our own file (created 0644 with its directory when missing). */
    public void record(String host, int port, PublicKey key) throws IOException {
        String name = port == 22 ? host : "[" + host + "]:" + port;
        StringBuilder line = new StringBuilder(name).append(' ');
        PublicKeyEntry.appendPublicKeyEntry(line, key);
        line.append('\n');
        Files.createDirectories(own.toAbsolutePath().getParent());
        Files.writeString(own, line.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
