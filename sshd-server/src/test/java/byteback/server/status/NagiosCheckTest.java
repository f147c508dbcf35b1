package byteback.server.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NagiosCheckTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final NagiosCheck.Thresholds T = new NagiosCheck.Thresholds(Duration.ofHours(26), Duration.ofHours(50));
    /** One perfdata item as the Nagios plugin guidelines define it. */
    static final Pattern PERF = Pattern.compile("'([^'=]+)'=(U|-?[0-9.]+)([a-zA-Z%]*);([0-9.]*);([0-9.]*);([0-9.]*);([0-9.]*)");

    static ClientStatus client(String name, Duration age) {
        Instant when = age == null ? null : NOW.minus(age);
        Attempt ok = when == null ? null : new Attempt(Attempt.Kind.BACKUP, Attempt.Result.SUCCESS, when.minusSeconds(60),
                when, 0, "", 10, 20, 3, "S", 1, null);
        return new ClientStatus(name, ok, when, ok == null ? null : "S", ok, null, ok, 1, "S", when,
                new DiscUse(DiscUse.Method.ESTIMATE, 100, -1, true));
    }

    static StoreStatus store(ClientStatus... clients) {
        return new StoreStatus(NOW, "/srv/backup", List.of(clients), 1000, 250, false);
    }

    @Test
    void theWorstClientDecides() {
        assertEquals(0, NagiosCheck.check(store(client("a", Duration.ofHours(1))), T, null).exitCode());
        NagiosCheck.Answer warn = NagiosCheck.check(store(client("a", Duration.ofHours(1)),
                client("b", Duration.ofHours(27))), T, null);
        assertEquals(1, warn.exitCode());
        assertTrue(warn.line().startsWith("BYTEBACK WARNING - WARNING: b last backed up 1 d 3 h ago"), warn.line());
        NagiosCheck.Answer crit = NagiosCheck.check(store(client("a", Duration.ofHours(51)),
                client("b", Duration.ofHours(27)), client("c", null)), T, null);
        assertEquals(2, crit.exitCode());
        assertTrue(crit.line().contains("CRITICAL: a last backed up 2 d 3 h ago, c never backed up; WARNING: b"), crit.line());
        assertTrue(crit.line().contains("'age_c'=U;93600;180000;0;"), crit.line());
    }

    @Test
    void manyLateClientsAreCountedNotAllNamed() {
        ClientStatus[] many = new ClientStatus[25];
        for (int i = 0; i < many.length; i++) many[i] = client("host" + i, null);
        NagiosCheck.Answer a = NagiosCheck.check(store(many), T, null);
        String text = a.line().split(" \\|", 2)[0];
        assertTrue(text.contains("host9 never backed up and 15 more"), text);
        assertFalse(text.contains("host10 "), text);
    }

    @Test
    void nameNarrowsAndAnUnknownNameIsUnknown() {
        StoreStatus s = store(client("a", Duration.ofHours(1)), client("b", null));
        assertEquals(0, NagiosCheck.check(s, T, "a").exitCode());
        assertEquals(2, NagiosCheck.check(s, T, "b").exitCode());
        NagiosCheck.Answer none = NagiosCheck.check(s, T, "zz");
        assertEquals(3, none.exitCode());
        assertTrue(none.line().startsWith("BYTEBACK UNKNOWN - no client \"zz\""));
        assertEquals(3, NagiosCheck.check(store(), T, null).exitCode());
    }

    @Test
    void thresholdsAreExclusiveAtTheirBoundary() {
        assertEquals(NagiosCheck.State.OK, T.classify(Duration.ofHours(26)));
        assertEquals(NagiosCheck.State.WARNING, T.classify(Duration.ofHours(26).plusSeconds(1)));
        assertEquals(NagiosCheck.State.WARNING, T.classify(Duration.ofHours(50)));
        assertEquals(NagiosCheck.State.CRITICAL, T.classify(Duration.ofHours(50).plusSeconds(1)));
        assertEquals(NagiosCheck.State.CRITICAL, T.classify(null));
    }

    @Property
    void stateIsMonotoneInAgeAndTheLineIsAPlugin(@ForAll @Size(min = 1, max = 6) List<@IntRange(min = -1, max = 300_000) Integer> ages,
            @ForAll @IntRange(min = 0, max = 200_000) int warn, @ForAll @IntRange(min = 0, max = 100_000) int extra) {
        NagiosCheck.Thresholds t = new NagiosCheck.Thresholds(Duration.ofSeconds(warn), Duration.ofSeconds(warn + extra));
        List<ClientStatus> clients = new ArrayList<>();
        int worst = 0;
        for (int i = 0; i < ages.size(); i++) {
            Duration age = ages.get(i) < 0 ? null : Duration.ofSeconds(ages.get(i));
            clients.add(client("c" + i, age));
            int s = age == null || age.getSeconds() > warn + extra ? 2 : age.getSeconds() > warn ? 1 : 0;
            worst = Math.max(worst, s);
            if (age != null) {
                NagiosCheck.State here = t.classify(age);
                assertTrue(t.classify(age.plusSeconds(1)).exitCode >= here.exitCode);
            }
        }
        NagiosCheck.Answer a = NagiosCheck.check(new StoreStatus(NOW, "/r", clients, 1000, 10, true), t, null);
        assertEquals(worst, a.exitCode());
        String[] halves = a.line().split(" \\|", 2);
        assertEquals(2, halves.length, a.line());
        assertFalse(halves[0].contains("|") || a.line().contains("\n"));
        assertTrue(halves[0].startsWith("BYTEBACK " + a.state() + " - "));
        Matcher m = PERF.matcher(halves[1]);
        int items = 0;
        while (m.find()) items++;
        assertEquals(2 * ages.size() + 1, items, halves[1]);
    }
}
