package byteback.rsync.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Error lines as stock rsync 3.5.0 prints them when run as {@code rsync --server ARGS . /tmp/x}
 * (captured from its stderr; each is followed there by "rsync error: ... (code N)").
 */
class RejectionMessagesTest {

    private static ServerOptions parse(String line) throws OptionException {
        return ServerOptions.parse(Arrays.asList(line.split(" ")));
    }

    private static void assertRejected(String line, String message, int code) {
        OptionException e = assertThrows(OptionException.class, () -> parse(line));
        assertEquals(message, e.getMessage());
        assertEquals(code, e.exitCode());
    }

    @Test
    void poptErrors() {
        assertRejected("--server --bogus . /tmp/x", "rsync: on remote machine: --bogus: unknown option", 1);
        assertRejected("--server -logDtpZre.iLsfxCIvu . /tmp/x",
                "rsync: on remote machine: -logDtpZre.iLsfxCIvu: unknown option", 1);
        assertRejected("--server --no-bogus . /tmp/x", "rsync: on remote machine: --no-bogus: unknown option", 1);
        assertRejected("--server --dry . /tmp/x", "rsync: on remote machine: --dry: unknown option", 1);
        assertRejected("--server --bogus=1 . /tmp/x", "rsync: on remote machine: --bogus=1: unknown option", 1);
        assertRejected("--server -vx- . /tmp/x", "rsync: on remote machine: -vx-: unknown option", 1);
        assertRejected("--server -v- . /tmp/x", "rsync: on remote machine: -v-: unknown option", 1);
        assertRejected("--server --timeout=abc . /tmp/x",
                "rsync: on remote machine: --timeout=abc: invalid numeric value", 1);
        assertRejected("--server --timeout . /tmp/x", "rsync: on remote machine: .: invalid numeric value", 1);
        assertRejected("--server --timeout=3x . /tmp/x",
                "rsync: on remote machine: --timeout=3x: invalid numeric value", 1);
        assertRejected("--server --timeout=99999999999 --bogus . /tmp/x",
                "rsync: on remote machine: --timeout=99999999999: number too large or too small", 1);
        assertRejected("--server --modify-window=x . /tmp/x",
                "rsync: on remote machine: --modify-window=x: invalid numeric value", 1);
        assertRejected("--server --zl=x . /tmp/x", "rsync: on remote machine: --zl=x: invalid numeric value", 1);
        assertRejected("--server --protocol=abc . /tmp/x",
                "rsync: on remote machine: --protocol=abc: invalid numeric value", 1);
        assertRejected("--server --checksum-seed=x . /tmp/x",
                "rsync: on remote machine: --checksum-seed=x: invalid numeric value", 1);
        assertRejected("--server --del=3 . /tmp/x",
                "rsync: on remote machine: --del=3: option does not take an argument", 1);
    }

    @Test
    void missingArgument() {
        OptionException e = assertThrows(OptionException.class,
                () -> ServerOptions.parse(List.of("--server", ".", "x", "--timeout")));
        assertEquals("rsync: on remote machine: --timeout: missing argument", e.getMessage());
    }

    @Test
    void rsyncOwnChecks() {
        assertRejected("--server --compress-choice=bogus . /tmp/x", "unknown compress name: bogus", 4);
        assertRejected("--server --checksum-choice=bogus . /tmp/x", "unknown checksum name: bogus", 4);
        assertRejected("--server --checksum-choice . /tmp/x", "unknown checksum name: .", 4);
        assertRejected("--server --delete --delete-after --delete-during . /tmp/x",
                "rsync: You may not combine multiple --delete-WHEN options.", 1);
        assertRejected("--server --del . /tmp/x",
                "rsync: --delete does not work without --recursive (-r) or --dirs (-d).", 1);
        assertRejected("--server -Bx . /tmp/x", "rsync: --block-size=x is invalid", 1);
        assertRejected("--server -B1000000 --bogus . /tmp/x",
                "rsync: --block-size=1000000 is too large (max: 128.00K)", 1);
        assertRejected("--server -B131073 . /tmp/x", "rsync: --block-size=131073 is too large (max: 128.00K)", 1);
        assertRejected("--server --block-size=1000000000 . /tmp/x",
                "rsync: --block-size=1000000000 is too large (max: 128.00K)", 1);
        assertRejected("--server --bwlimit=1x . /tmp/x", "rsync: --bwlimit=1x is invalid", 1);
        assertRejected("--server --stderr=x . /tmp/x",
                "rsync: --stderr mode \"x\" is not one of errors, all, or client", 1);
        assertRejected("--server --fake-super -XX . /tmp/x", "rsync: --fake-super conflicts with -XX", 1);
        // Our store is always fake-super, so -XX conflicts even without --fake-super.
        assertRejected("--server -XX . /tmp/x", "rsync: --fake-super conflicts with -XX", 1);
    }

    @Test
    void notAServer() {
        OptionException e = assertThrows(OptionException.class, () -> parse("-av . /tmp/x"));
        assertEquals(1, e.exitCode());
    }

    @Test
    void hostileSizes() {
        String huge = "x".repeat(OptionParser.MAX_ARG_LENGTH + 1);
        assertThrows(OptionException.class, () -> ServerOptions.parse(List.of("--server", ".", huge)));
        String[] many = new String[OptionParser.MAX_ARGS + 1];
        Arrays.fill(many, "-v");
        many[0] = "--server";
        assertThrows(OptionException.class, () -> ServerOptions.parse(Arrays.asList(many)));
        assertThrows(OptionException.class, () -> ServerOptions.parse(List.of("--server", ".", "a\0b")));
    }

    @Test
    void poptNumberQuirksAccepted() throws OptionException {
        assertEquals(16, parse("--server --timeout=0x10 . x").timeoutSeconds());
        assertEquals(8, parse("--server --timeout=010 . x").timeoutSeconds());
        assertEquals(0, parse("--server --timeout= . x").timeoutSeconds());
        assertEquals(5, parse("--server --timeout=+5 . x").timeoutSeconds());
        assertEquals(5, ServerOptions.parse(List.of("--server", "--timeout= 5", ".", "x")).timeoutSeconds());
        assertEquals(-5, parse("--server --timeout=-5 . x").timeoutSeconds());
        assertEquals(1024, parse("--server -B1k . x").blockSize());
        assertEquals(131072, parse("--server -B131072 . x").blockSize());
        assertEquals(0, parse("--server -B0 . x").blockSize());
        assertEquals(8192, parse("--server -B 8192 . x").blockSize());
        assertEquals(8192, parse("--server -rB=8192 . x").blockSize());
    }

    @Test
    void poptStructure() throws OptionException {
        // "--" ends the options: what follows is positional even when it looks like an option
        assertEquals(List.of(".", "--bogus"), parse("--server -- . --bogus").args());
        // a lone "-" is positional
        assertEquals(List.of("-", "x"), parse("--server - x").args());
        // options may follow positional arguments
        assertEquals(300, parse("--server . x --timeout=300").timeoutSeconds());
        // -e takes the rest of the cluster, or the next word when the cluster ends with it
        assertEquals(".iLsfxCIvu", parse("--server -re .iLsfxCIvu . x").capabilities().raw());
        assertEquals(".iL", parse("--server --rsh=.iL . x").capabilities().raw());
        // popt restarts at the first --server: options before it are parsed twice
        assertEquals(2, parse("-v --server . x").verbosity());
    }
}
