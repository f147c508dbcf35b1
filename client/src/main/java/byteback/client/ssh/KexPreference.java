package byteback.client.ssh;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.kex.KeyExchangeFactory;

/**
 * The key exchanges the jar offers, in the order it prefers them: MINA's own list (the client's
 * order decides), with the ML-KEM hybrid moved to the front. MINA puts sntrup761x25519 first, which
 * BouncyCastle computes in pure Java: on a 2-core client it cost about 0.35 s of CPU per backup
 * more than mlkem768x25519 (the key exchange itself and the JIT compiling it), which is just as
 * post-quantum (OpenSSH's default since 10.0). A server without it (OpenSSH before 9.9) negotiates
 * the next one, as before.
 */
final class KexPreference {
    static final String FIRST = "mlkem768x25519-sha256";

    private KexPreference() {}

    /** {@code offered} with {@link #FIRST} moved to the front when present; the rest keep their order. */
    static List<KeyExchangeFactory> order(List<KeyExchangeFactory> offered) {
        List<KeyExchangeFactory> out = new ArrayList<>(offered.size());
        for (KeyExchangeFactory f : offered) {
            if (FIRST.equals(f.getName())) out.add(0, f);
            else out.add(f);
        }
        return out;
    }
}
