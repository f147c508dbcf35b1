package byteback.server.ssh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.compression.BuiltinCompressions;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;

/** Timeouts, windows and threads, chosen so that SSH is not what limits a backup's speed. */
final class Tuning {
    private Tuning() {}

    /**
     * Measured here (JDK 17, AES-NI): aes128-gcm about 950 MB/s, aes128-ctr with
     * hmac-sha2-256-etm about 480 MB/s, chacha20-poly1305 (pure Java in MINA) about 90 MB/s. OpenSSH
     * clients take the first cipher of their own list that the server offers (chacha20, then ctr,
     * then gcm), so offering GCM alone is what makes them use it. Every OpenSSH since 6.2 has it.
     */
    static final List<String> DEFAULT_CIPHERS = List.of("aes128-gcm@openssh.com", "aes256-gcm@openssh.com");

    static List<NamedFactory<Cipher>> ciphers(List<String> names) {
        List<NamedFactory<Cipher>> out = new ArrayList<>();
        for (String n : names) {
            BuiltinCiphers c = BuiltinCiphers.fromFactoryName(n);
            if (c == null || !c.isSupported() || c == BuiltinCiphers.none) {
                throw new IllegalArgumentException("unknown or unsupported cipher \"" + n + "\"; known: "
                        + BuiltinCiphers.VALUES.stream().filter(BuiltinCiphers::isSupported).map(BuiltinCiphers::getName).toList());
            }
            out.add(c);
        }
        return out;
    }

    /** Signature algorithms that hash with SHA-1 (OpenSSH turned ssh-rsa off by default in 8.8). */
    static final List<String> SHA1_SIGNATURES = List.of("ssh-rsa", "ssh-rsa-cert-v01@openssh.com", "ssh-dss",
            "ssh-dss-cert-v01@openssh.com");

    /**
     * The session channel's window: what one client may send before the command reads, and so
     * what one connection may hold queued. OpenSSH's sshd offers the same (2 MiB, its
     * CHAN_SES_WINDOW_DEFAULT): 40 MB/s at 50 ms round trip, far more on a LAN. It was 4 MiB; with
     * 50 clients sending faster than a loaded server wrote, the full windows were most of its
     * memory (c50: 366-505 MiB peak at load 13-25).
     */
    static final long WINDOW_SIZE = 2L * 1024 * 1024;

    static void apply(SshServer sshd, Duration idleTimeout, List<String> cipherNames, Duration loginGrace) {
        // RSA keys still log in, with rsa-sha2-256/512 signatures; the host's RSA key signs with those too
        sshd.setSignatureFactories(sshd.getSignatureFactories().stream()
                .filter(f -> !SHA1_SIGNATURES.contains(f.getName())).toList());
        sshd.setCipherFactories(ciphers(cipherNames));
        // rsync compresses itself when asked (-z); SSH compression would only cost CPU here
        sshd.setCompressionFactories(List.of(BuiltinCompressions.none));
        CoreModuleProperties.IDLE_TIMEOUT.set(sshd, idleTimeout);
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(sshd, idleTimeout.plusMinutes(1));
        CoreModuleProperties.AUTH_TIMEOUT.set(sshd, loginGrace);
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(sshd, 20);
        CoreModuleProperties.SERVER_IDENTIFICATION.set(sshd, "byteback");
        // the window the client may fill before we read: large enough to keep a fast link busy,
        // small enough to bound memory per connection
        CoreModuleProperties.WINDOW_SIZE.set(sshd, WINDOW_SIZE);
        CoreModuleProperties.MAX_PACKET_SIZE.set(sshd, 64L * 1024);
        // each read cycle of the NIO2 transport fills this buffer from the socket (MINA's default is
        // 32 KiB): a full backup streams ~1 GiB in, so fewer, larger reads cost fewer completions
        CoreModuleProperties.NIO2_READ_BUFFER_SIZE.set(sshd, 64 * 1024);
        CoreModuleProperties.NIO_WORKERS.set(sshd, Math.max(2, Runtime.getRuntime().availableProcessors() + 1));
    }
}
