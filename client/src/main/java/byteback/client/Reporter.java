package byteback.client;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the user sees. On a terminal: progress and notes as they happen. Under cron (no terminal):
 * nothing at all unless the job fails, then everything noted so far and the failure, so that the
 * mail cron sends is a clear summary. --verbose shows the detail in both cases.
 */
public final class Reporter {
    private final PrintStream err;
    private final boolean terminal;
    private final boolean verbose;
    private final List<String> held = new ArrayList<>();
    private boolean progressShown;

    public Reporter(PrintStream err, boolean terminal, boolean verbose) {
        this.err = err;
        this.terminal = terminal;
        this.verbose = verbose;
    }

    public static Reporter forConsole(boolean verbose) {
        return new Reporter(System.err, System.console() != null, verbose);
    }

    public boolean terminal() {
        return terminal;
    }

    public boolean verbose() {
        return verbose;
    }

    /** A step worth knowing (shown on a terminal or with --verbose, else held for a failure summary). */
    public synchronized void note(String message) {
        if (terminal || verbose) {
            print(message);
        } else {
            held.add(message);
        }
    }

    /** Detail for --verbose only (held under cron, for the failure summary). */
    public synchronized void detail(String message) {
        if (verbose) {
            print(message);
        } else if (!terminal) {
            held.add(message);
        }
    }

    /** Something went wrong but the job goes on (vanished file, a retry). */
    public synchronized void warn(String message) {
        if (terminal || verbose) {
            print("warning: " + message);
        } else {
            held.add("warning: " + message);
        }
    }

    /** Always shown: the job is over and failed. */
    public synchronized void failed(String message) {
        clearProgress();
        for (String h : held) err.println(h);
        held.clear();
        err.println("*** " + message);
        err.flush();
    }

    /** The final line: on a terminal or with --verbose (cron stays silent on success). */
    public synchronized void done(String message) {
        if (terminal || verbose) print(message);
        held.clear();
    }

    /** A progress line overwritten in place; only on a terminal. */
    public synchronized void progress(String line) {
        if (!terminal) return;
        String l = line.length() > 150 ? line.substring(0, 147) + "..." : line;
        err.print("\r\033[K" + l);
        err.flush();
        progressShown = true;
    }

    private void print(String message) {
        clearProgress();
        err.println(message);
        err.flush();
    }

    private void clearProgress() {
        if (progressShown) {
            err.print("\r\033[K");
            progressShown = false;
        }
    }
}
