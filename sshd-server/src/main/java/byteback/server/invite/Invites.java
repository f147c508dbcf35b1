package byteback.server.invite;

import byteback.server.auth.ClientName;
import byteback.server.store.Beneath;
import byteback.server.store.Ownership;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One-time enrolment tokens. Only a token's SHA-256 is stored, as the name of a file in
 * ROOT/.byteback/invites/ holding the client name and the expiry; using the token deletes the
 * file, so it works once.
 */
public final class Invites {
    /** An open invite for {@code client}. */
    public record Invite(String client, Instant expires, String id) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Clock clock;
    private final Ownership ownership;

    public Invites(Path dir, Clock clock, Ownership ownership) {
        this.dir = dir;
        this.clock = clock;
        this.ownership = ownership;
    }

    /** Makes an invite and returns its token (shown once, never stored). */
    public String create(String client, Duration ttl) throws IOException {
        ClientName.check(client);
        byte[] raw = new byte[24];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = clock.instant().plus(ttl);
        byte[] text = ("client=" + client + "\nexpires=" + expires.getEpochSecond() + "\n").getBytes(StandardCharsets.UTF_8);
        // `invite` runs as root in ROOT/.byteback, which the store's owner controls: no symlink is followed
        Path state = dir.getParent();
        try (Beneath root = Beneath.root(state.getParent()); Beneath s = root.dir(state.getFileName().toString(), ownership);
             Beneath d = s.dir(dir.getFileName().toString(), ownership)) {
            d.replace(hash(token), text, ownership);
        }
        return token;
    }

    /** The open invite a token stands for, if it exists and has not expired. */
    public Optional<Invite> check(String token) throws IOException {
        if (token == null || token.isEmpty() || token.length() > 256) return Optional.empty();
        String id = hash(token);
        Path file = dir.resolve(id);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String client = null;
        long expires = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("client=")) client = line.substring(7);
            else if (line.startsWith("expires=")) expires = Long.parseLong(line.substring(8).trim());
        }
        Instant exp = Instant.ofEpochSecond(expires);
        if (client == null || !ClientName.isValid(client)) return Optional.empty();
        if (!clock.instant().isBefore(exp)) {
            Files.deleteIfExists(file);
            return Optional.empty();
        }
        return Optional.of(new Invite(client, exp, id));
    }

    /**
     * Uses the invite up; true for exactly one caller, and only while it has not expired (it may
     * expire between the login that checked it and the enrolment that uses it).
     */
    public boolean consume(Invite invite) throws IOException {
        if (!clock.instant().isBefore(invite.expires())) {
            Files.deleteIfExists(dir.resolve(invite.id()));
            return false;
        }
        try {
            Files.delete(dir.resolve(invite.id()));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    static String hash(String token) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
