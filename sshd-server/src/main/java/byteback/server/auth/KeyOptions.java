package byteback.server.auth;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The options in front of a key in authorized_keys, e.g.
 * {@code command="byteback-receive",from="1.2.3.4",environment="BYTEBACK_HOST=name"}.
 * Parsed as OpenSSH parses them; an option OpenSSH does not know makes the line invalid.
 *
 * @param from        the pattern list of {@code from=}, or null
 * @param command     the forced command (byteback accepts it and runs what the client asks)
 * @param environment {@code NAME=value} strings in order, first of each name kept
 * @param flags       flag options such as {@code no-pty}, lower case
 * @param expiresAt   the instant given by {@code expiry-time=}, after which the key is refused; or null
 */
public record KeyOptions(String from, String command, List<String> environment, Set<String> flags,
        Instant expiresAt) {
    public static final KeyOptions NONE = new KeyOptions(null, null, List.of(), Set.of(), null);

    public KeyOptions(String from, String command, List<String> environment, Set<String> flags) {
        this(from, command, environment, flags, null);
    }

    /** openssh: auth.c auth_authorise_keyopts — whether {@code expiry-time=} has passed at {@code now}. */
    public boolean expired(Instant now) {
        return expiresAt != null && expiresAt.isBefore(now);
    }

    private static final Set<String> FLAGS = Set.of("restrict", "cert-authority", "port-forwarding",
            "no-port-forwarding", "agent-forwarding", "no-agent-forwarding", "x11-forwarding",
            "no-x11-forwarding", "touch-required", "no-touch-required", "verify-required", "pty",
            "no-pty", "user-rc", "no-user-rc");
    private static final Set<String> VALUED = Set.of("command", "principals", "from", "expiry-time",
            "environment", "permitopen", "permitlisten", "tunnel");

    /** The value of {@code NAME} in the environment options, if set. */
    public Optional<String> env(String name) {
        for (String e : environment) {
            int eq = e.indexOf('=');
            if (e.substring(0, eq).equals(name)) return Optional.of(e.substring(eq + 1));
        }
        return Optional.empty();
    }

    /**
     * openssh: auth-options.c sshauthopt_parse. Parses from the start of {@code text} up to the
     * first unquoted blank.
     *
     * @throws IllegalArgumentException with OpenSSH's kind of reason when the options are invalid
     */
    public static KeyOptions parse(String text) {
        return parse(text, ZoneId.systemDefault());
    }

    /** As {@link #parse(String)}, reading {@code expiry-time=} without a {@code Z} in {@code zone}. */
    public static KeyOptions parse(String text, ZoneId zone) {
        String from = null, command = null;
        Instant expiresAt = null;
        List<String> env = new ArrayList<>();
        Set<String> flags = new LinkedHashSet<>();
        int i = 0;
        int n = text.length();
        while (i < n && !isBlank(text.charAt(i))) {
            int nameEnd = i;
            while (nameEnd < n && text.charAt(nameEnd) != '=' && text.charAt(nameEnd) != ','
                    && !isBlank(text.charAt(nameEnd))) nameEnd++;
            String name = text.substring(i, nameEnd).toLowerCase(Locale.ROOT);
            i = nameEnd;
            if (i < n && text.charAt(i) == '=') {
                if (!VALUED.contains(name)) throw new IllegalArgumentException("bad key option \"" + name + "\"");
                int[] end = new int[1];
                String value = dequote(text, i + 1, end);
                i = end[0];
                switch (name) {
                    case "from" -> {
                        if (from != null) throw new IllegalArgumentException("multiple \"from\" clauses");
                        from = value;
                    }
                    case "command" -> {
                        if (command != null) throw new IllegalArgumentException("multiple \"command\" clauses");
                        command = value;
                    }
                    case "environment" -> addEnvironment(env, value);
                    case "expiry-time" -> {
                        if (expiresAt != null) throw new IllegalArgumentException("multiple \"expiry-time\" clauses");
                        expiresAt = expiryTime(value, zone);
                    }
                    default -> { /* principals, expiry-time, permitopen, ...: accepted, no effect here */ }
                }
            } else {
                if (!FLAGS.contains(name)) throw new IllegalArgumentException("bad key option \"" + name + "\"");
                flags.add(name);
            }
            if (i >= n || isBlank(text.charAt(i))) break;
            if (text.charAt(i) != ',') throw new IllegalArgumentException("invalid option string");
            i++;
            if (i >= n || isBlank(text.charAt(i))) throw new IllegalArgumentException("invalid option string");
        }
        return new KeyOptions(from, command, List.copyOf(env), Set.copyOf(flags), expiresAt);
    }

    /**
     * openssh: misc.c parse_absolute_time — {@code YYYYMMDD}, {@code YYYYMMDDHHMM} or
     * {@code YYYYMMDDHHMMSS}, in local time, or in UTC with a trailing {@code Z}.
     */
    static Instant expiryTime(String value, ZoneId zone) {
        String digits = value;
        if (digits.endsWith("Z") || digits.endsWith("z")) {
            digits = digits.substring(0, digits.length() - 1);
            zone = ZoneOffset.UTC;
        }
        String pattern = switch (digits.length()) {
            case 8 -> "uuuuMMdd";
            case 12 -> "uuuuMMddHHmm";
            case 14 -> "uuuuMMddHHmmss";
            default -> null;
        };
        if (pattern == null || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid expires time");
        }
        try {
            DateTimeFormatter f = DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
            LocalDateTime t = digits.length() == 8 ? LocalDate.parse(digits, f).atStartOfDay()
                    : LocalDateTime.parse(digits, f);
            return t.atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid expires time");
        }
    }

    private static void addEnvironment(List<String> env, String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("invalid environment string");
        for (int k = 0; k < eq; k++) {
            char c = value.charAt(k);
            if (!(c < 128 && Character.isLetterOrDigit(c)) && c != '_') {
                throw new IllegalArgumentException("invalid environment string");
            }
        }
        String name = value.substring(0, eq + 1);
        for (String e : env) if (e.startsWith(name)) return; // the first one counts
        env.add(value);
    }

    // openssh: auth-options.c opt_dequote
    private static String dequote(String s, int i, int[] end) {
        if (i >= s.length() || s.charAt(i) != '"') throw new IllegalArgumentException("missing start quote");
        i++;
        StringBuilder out = new StringBuilder();
        while (i < s.length() && s.charAt(i) != '"') {
            if (s.charAt(i) == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '"') i++;
            out.append(s.charAt(i++));
        }
        if (i >= s.length()) throw new IllegalArgumentException("missing end quote");
        end[0] = i + 1;
        return out.toString();
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
