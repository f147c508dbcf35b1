package byteback.server.prune;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The target times of the importance order (SPEC section 6), most important first: midday UTC of
 * today and the previous 6 days; the middays of the Sundays 7+w, 14+w, 21+w and 28+w days before
 * today (w = today's weekday, Sunday = 0); the midday of the latest day at or before that fourth
 * Sunday lying a whole number of 28-day periods after Sunday 4 January 1970; then every 28 days
 * before that until a target at or before the oldest snapshot.
 */
public final class ImportanceTargets {
    /** Sunday 4 January 1970, the anchor of the 28-day periods, as an epoch day. */
    static final long ANCHOR_SUNDAY = LocalDate.of(1970, 1, 4).toEpochDay();
    static final int PERIOD_DAYS = 28;

    private ImportanceTargets() {}

    public static List<Instant> targets(Instant now, Instant oldestSnapshot) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Instant> targets = new ArrayList<>();
        for (int daysBack = 0; daysBack <= 6; daysBack++) {
            targets.add(midday(today.minusDays(daysBack)));
        }
        int w = today.getDayOfWeek().getValue() % 7;
        LocalDate sunday = today;
        for (int weeks = 1; weeks <= 4; weeks++) {
            sunday = today.minusDays(7L * weeks + w);
            targets.add(midday(sunday));
        }
        long sinceAnchor = Math.floorMod(sunday.toEpochDay() - ANCHOR_SUNDAY, PERIOD_DAYS);
        Instant mark = midday(sunday.minusDays(sinceAnchor));
        targets.add(mark);
        while (mark.isAfter(oldestSnapshot)) {
            mark = mark.minus(java.time.Duration.ofDays(PERIOD_DAYS));
            targets.add(mark);
        }
        return targets;
    }

    static Instant midday(LocalDate day) {
        return day.atTime(LocalTime.NOON).toInstant(ZoneOffset.UTC);
    }
}
