package byteback.server.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link ClientRecord} as text: a version line, then one {@code slot.key=value} a line, values
 * percent-escaped (so a reason can hold any character and never a line break). Reading is lenient:
 * unknown keys are ignored and a damaged slot is dropped, so a newer or a damaged file never stops
 * {@code status}.
 *
 * <pre>
 * byteback-attempts 1
 * last.kind=BACKUP
 * last.result=FAILED
 * last.started=2026-12-04T19:00:00Z
 * ...
 * </pre>
 */
public final class ClientRecordFormat {
    static final String HEADER = "byteback-attempts 1";
    private static final String[] SLOTS = {"running", "last", "backup", "success"};

    private ClientRecordFormat() {}

    public static String format(ClientRecord r) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        Attempt[] slots = {r.running(), r.last(), r.lastBackup(), r.lastSuccess()};
        for (int i = 0; i < SLOTS.length; i++) {
            if (slots[i] != null) append(b, SLOTS[i], slots[i]);
        }
        return b.toString();
    }

    private static void append(StringBuilder b, String slot, Attempt a) {
        put(b, slot, "kind", a.kind().name());
        put(b, slot, "result", a.result().name());
        put(b, slot, "started", a.started().toString());
        if (a.ended() != null) put(b, slot, "ended", a.ended().toString());
        put(b, slot, "exit", Integer.toString(a.exitCode()));
        put(b, slot, "reason", a.reason());
        put(b, slot, "bytes-received", Long.toString(a.bytesReceived()));
        put(b, slot, "bytes-written", Long.toString(a.bytesWritten()));
        put(b, slot, "files", Long.toString(a.files()));
        if (a.snapshot() != null) put(b, slot, "snapshot", a.snapshot());
        if (a.pid() != 0) put(b, slot, "pid", Long.toString(a.pid()));
        if (a.pidStart() != null) put(b, slot, "pid-start", a.pidStart().toString());
    }

    private static void put(StringBuilder b, String slot, String key, String value) {
        b.append(slot).append('.').append(key).append('=').append(escape(value)).append('\n');
    }

    /** The record in {@code text}; {@link ClientRecord#EMPTY} when nothing in it can be read. */
    public static ClientRecord parse(String text) {
        Map<String, Map<String, String>> slots = new HashMap<>();
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].startsWith("byteback-attempts ")) return ClientRecord.EMPTY;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int dot = line.indexOf('.');
            int eq = line.indexOf('=');
            if (dot <= 0 || eq <= dot) continue;
            try {
                slots.computeIfAbsent(line.substring(0, dot), k -> new HashMap<>())
                        .put(line.substring(dot + 1, eq), unescape(line.substring(eq + 1)));
            } catch (IllegalArgumentException damaged) {
                // a damaged value: the slot will miss it
            }
        }
        return new ClientRecord(attempt(slots.get(SLOTS[0])), attempt(slots.get(SLOTS[1])),
                attempt(slots.get(SLOTS[2])), attempt(slots.get(SLOTS[3])));
    }

    private static Attempt attempt(Map<String, String> m) {
        if (m == null) return null;
        try {
            return new Attempt(Attempt.Kind.valueOf(m.get("kind")), Attempt.Result.valueOf(m.get("result")),
                    Instant.parse(m.get("started")), instant(m.get("ended")), Integer.parseInt(m.getOrDefault("exit", "-1")),
                    m.getOrDefault("reason", ""), number(m, "bytes-received"), number(m, "bytes-written"),
                    number(m, "files"), m.get("snapshot"), number(m, "pid"), instant(m.get("pid-start")));
        } catch (RuntimeException damaged) {
            return null;
        }
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private static long number(Map<String, String> m, String key) {
        String s = m.get(key);
        return s == null ? 0 : Long.parseLong(s);
    }

    /** Printable ASCII but '%' stays as it is; everything else becomes %XX of its UTF-8 bytes. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%' || c == ' ') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        byte[] out = new byte[s.length()];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) throw new IllegalArgumentException("cut escape");
                out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
