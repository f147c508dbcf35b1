package byteback.server.ssh;

import byteback.server.snapshot.Durations;
import java.time.Duration;

/**
 * How many connections the server lets in, like OpenSSH's MaxStartups, PerSourceMaxStartups,
 * MaxSessions and LoginGraceTime. Pure.
 *
 * @param startupsStart   unauthenticated connections held before new ones are dropped at random
 * @param startupsRate    the chance (percent) of a drop once {@code startupsStart} are held; it grows
 *                        linearly to 100 at {@code startupsFull}
 * @param startupsFull    unauthenticated connections at which every new one is dropped
 * @param perAddress      unauthenticated connections from one address at once
 * @param maxConnections  connections of any kind at once
 * @param maxSessions     channels open at once on one connection
 * @param loginGrace      how long a connection may take to authenticate
 * @param maxSessionTime  how long one command (a backup, a restore, an SFTP session) may run, so
 *                        that no client holds its share of the server (its file list above all)
 *                        for ever by sending slowly; {@link Duration#ZERO}: no limit
 */
public record ConnectionLimits(int startupsStart, int startupsRate, int startupsFull, int perAddress,
        int maxConnections, int maxSessions, Duration loginGrace, Duration maxSessionTime) {

    /**
     * Unauthenticated connections cost about 25 KiB of heap each (measured: 20 000 cost 500 MiB),
     * so even {@code full} of them stay small; an honest client authenticates in well under a second.
     */
    public static final String DEFAULT_STARTUPS = "64:30:256";
    public static final int DEFAULT_PER_ADDRESS = 32;
    public static final int DEFAULT_MAX_CONNECTIONS = 512;
    /** OpenSSH's rsync uses one channel per connection; each may buffer up to the 2 MiB window. */
    public static final int DEFAULT_MAX_SESSIONS = 4;
    public static final String DEFAULT_LOGIN_GRACE = "30s";
    /**
     * A day: a first backup larger than a day's transfer goes on in the next run (what is stored
     * stays), and a client trickling data cannot hold its file list's memory longer.
     */
    public static final String DEFAULT_MAX_SESSION_TIME = "24h";

    public static final ConnectionLimits DEFAULTS = of(DEFAULT_STARTUPS, DEFAULT_PER_ADDRESS, DEFAULT_MAX_CONNECTIONS,
            DEFAULT_MAX_SESSIONS, Durations.parse(DEFAULT_LOGIN_GRACE));

    public ConnectionLimits {
        if (startupsStart < 1 || startupsFull < startupsStart || startupsRate < 0 || startupsRate > 100) {
            throw new IllegalArgumentException("--max-startups wants start:rate:full with 1 <= start <= full"
                    + " and 0 <= rate <= 100");
        }
        if (perAddress < 1 || maxConnections < 1 || maxSessions < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1");
        }
        if (loginGrace.isNegative() || loginGrace.isZero()) {
            throw new IllegalArgumentException("the login grace time must be positive");
        }
        if (maxSessionTime.isNegative()) {
            throw new IllegalArgumentException("the session time limit must not be negative (0: none)");
        }
    }

    /** From {@code --max-startups} in OpenSSH's syntax: "start:rate:full" or a single number. */
    public static ConnectionLimits of(String maxStartups, int perAddress, int maxConnections, int maxSessions,
            Duration loginGrace) {
        String[] p = maxStartups.trim().split(":", -1);
        try {
            if (p.length == 1) {
                int n = Integer.parseInt(p[0]);
                return new ConnectionLimits(n, 100, n, perAddress, maxConnections, maxSessions, loginGrace,
                        Durations.parse(DEFAULT_MAX_SESSION_TIME));
            }
            if (p.length == 3) {
                return new ConnectionLimits(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]),
                        perAddress, maxConnections, maxSessions, loginGrace, Durations.parse(DEFAULT_MAX_SESSION_TIME));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--max-startups wants start:rate:full (e.g. " + DEFAULT_STARTUPS
                + ") or one number, not \"" + maxStartups + "\"");
    }

    public ConnectionLimits withLoginGrace(Duration d) {
        return new ConnectionLimits(startupsStart, startupsRate, startupsFull, perAddress, maxConnections, maxSessions, d,
                maxSessionTime);
    }

    public ConnectionLimits withMaxSessions(int n) {
        return new ConnectionLimits(startupsStart, startupsRate, startupsFull, perAddress, maxConnections, n, loginGrace,
                maxSessionTime);
    }

    public ConnectionLimits withMaxSessionTime(Duration d) {
        return new ConnectionLimits(startupsStart, startupsRate, startupsFull, perAddress, maxConnections, maxSessions,
                loginGrace, d);
    }

    /**
     * The chance in percent that a new connection is dropped while {@code startups} unauthenticated
     * ones are held (rsync: none; OpenSSH sshd.c:should_drop_connection).
     */
    public int dropPercent(int startups) {
        if (startups < startupsStart) return 0;
        if (startups >= startupsFull) return 100;
        return startupsRate + (100 - startupsRate) * (startups - startupsStart) / (startupsFull - startupsStart);
    }
}
