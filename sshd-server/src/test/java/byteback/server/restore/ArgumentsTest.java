package byteback.server.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.server.command.OriginalWords;
import java.util.List;
import org.junit.jupiter.api.Test;

/** byteback-restore's command line as the original client sends it, and the checks of restores by path. */
class ArgumentsTest {
    @Test
    void originalClientsRestoreCommand() throws Exception {
        // rsync 3.5.0 running the original byteback-restore's --rsync-path, pattern '/home/it's {a,b}/*'
        String sent = "byteback-restore --fake-super --snapshot * --all --server --sender -logDtprRze.iLsfxCIvu"
                + " --timeout=300 --numeric-ids --inplace . /home/it\\'s=20\\{a,b\\}/* /etc/passwd";
        List<String> words = OriginalWords.split(sent);
        RestoreArgs a = RestoreArgs.parse(words.subList(1, words.size()));
        assertEquals("*", a.snapshot());
        assertTrue(a.all());
        assertEquals(false, a.verbose()); // the 'v' of the -e capability string is not -v
        assertEquals(List.of("--fake-super", "--server", "--sender", "-logDtprRze.iLsfxCIvu", "--timeout=300",
                "--numeric-ids", "--inplace"), a.rsyncArgs());
        assertEquals(List.of("/home/it's=20{a,b}/*", "/etc/passwd"), a.patterns());
        assertEquals("/home/it's {a,b}/*", new String(QuotedPrintable.decode(a.patterns().get(0))));
        assertTrue(RestoreArgs.parse(List.of("--server", "--sender", "-vlogDtprRze.iLsfx", ".", "/x")).verbose());
        assertEquals("/a\\*b", RestoreArgs.unescapeShell("/a\\*b"));
        assertThrows(PatternException.class, () -> RestoreArgs.parse(List.of("--server", "--sender", "-logDtprRze.iLsfx", ".")));
        assertThrows(PatternException.class, () -> RestoreArgs.parse(List.of("--server", "-logDtprRze.iLsfx", ".", "/x")));
        assertThrows(PatternException.class, () -> RestoreArgs.parse(List.of("--server", "--sender", "-slogDtprRze.iLsfx", ".", "/x")));
    }

    @Test
    void senderArgsPutEachCopyUnderItsSnapshot() throws Exception {
        RestoreArgs a = RestoreArgs.parse(List.of("--fake-super", "--server", "--sender", "-logDtprRze.iLsfx", ".", "/x"));
        List<StoredVersion> chosen = List.of(ListingTest.v("current", "/etc/passwd", 0100644, 1, "2026-01-01T00:00:00Z"),
                ListingTest.v("2026-01-01T00:00+0000", "/etc/a b", 0100644, 1, "2026-01-01T00:00:00Z"));
        assertEquals(List.of("--fake-super", "--server", "--sender", "-logDtprRze.iLsfx", ".",
                "current/etc/passwd", "2026-01-01T00:00+0000/etc/a b"), RestoreCommand.senderArgs(a, chosen));
    }

    @Test
    void senderPathsKeepNamesThatAreNotUtf8() {
        StoredVersion odd = ListingTest.v("current", "/x", 0100644, 1, "2026-01-01T00:00:00Z");
        odd = new StoredVersion("current", new byte[] {'/', 'o', (byte) 0xff}, odd.entry());
        List<byte[]> paths = RestoreCommand.senderPaths(List.of(odd));
        assertEquals(1, paths.size());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {'c', 'u', 'r', 'r', 'e', 'n', 't', '/', 'o', (byte) 0xff},
                paths.get(0));
    }

    @Test
    void restoresByPathStayInTheClientsDirectory() {
        assertNull(SenderPaths.problem(List.of("--server", "--sender", "-logDtpre.iLsfxCIvu", ".", "current/etc/")));
        assertNull(SenderPaths.problem(List.of("--server", "--sender", "-logDtpRe.iLsfxCIvu", ".", "current/./etc", "2026-01-01T00:00+0000/x")));
        assertNull(SenderPaths.problem(List.of("--server", "--sender", "-logDtpre.iLsfxCIvu", ".", ".")));
        for (String bad : new String[] {"/etc/passwd", "../other/current", "current/../../x", "current/..", "~root/x"}) {
            assertNotNull(SenderPaths.problem(List.of("--server", "--sender", "-logDtpre.iLsfxCIvu", ".", "current/ok", bad)), bad);
        }
        assertNotNull(SenderPaths.problem(List.of("--server", "--sender", "--remove-source-files", "-logDtpre.iLsfx", ".", "current/x")));
        assertNotNull(SenderPaths.problem(List.of("--server", "--sender", "--remove-sent-files", "-logDtpre.iLsfx", ".", "current/x")));
        assertNotNull(SenderPaths.problem(List.of("--server", "--sender", "--files-from", "/etc/shadow", "-r", ".", "current/x")));
        assertNull(SenderPaths.problem(List.of("--server", "--sender", "--files-from=-", "--from0", "-r", ".", "current/x")));
        assertEquals(List.of("a", "b"), SenderPaths.sources(List.of("--server", "--sender", "--files-from", ".", "-r", ".", "a", "b")));
    }

    @Test
    void patternsNamingDotDotAfterBracesAreRefused() throws Exception {
        assertThrows(PatternException.class, () -> PathPattern.compile("/{..,x}/{..,x}/other/current/*".getBytes()));
        assertThrows(PatternException.class, () -> PathPattern.compile("/\\.\\./x".getBytes()));
        assertEquals(1, PathPattern.compile("/../../etc/passwd".getBytes()).alternatives().size()); // textual, as expand_path
        assertThrows(PatternException.class, () -> PathPattern.compile("/{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}".getBytes()));
        assertThrows(PatternException.class, () -> SnapshotPattern.of("../x"));
        assertThrows(PatternException.class, () -> SnapshotPattern.of("cur rent"));
    }
}
