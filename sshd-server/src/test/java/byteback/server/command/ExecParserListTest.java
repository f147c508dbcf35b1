package byteback.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** byteback-receive --list and byteback-restore are split on blanks, as the original splits SSH_ORIGINAL_COMMAND. */
class ExecParserListTest {
    @Test
    void theOriginalClientsListCommand() throws Exception {
        var l = (ExecRequest.ListFiles) ExecParser.parse("byteback-receive --snapshot * --list --all --verbose /home/it's=20x/* /etc/{a,b}");
        assertEquals(new ExecRequest.ListFiles(true, true, "*", List.of("/home/it's=20x/*", "/etc/{a,b}")), l);
        assertEquals(new ExecRequest.ListFiles(false, false, "current", List.of("/x")), ExecParser.parse("byteback-receive -l -s current /x"));
        assertEquals(new ExecRequest.ListFiles(true, false, "2026-*", List.of("/x", "-y")),
                ExecParser.parse("byteback-receive -la --snapshot=2026-* /x -- -y"));
        assertThrows(CommandSyntaxException.class, () -> ExecParser.parse("byteback-receive --list"));
        assertThrows(CommandSyntaxException.class, () -> ExecParser.parse("byteback-receive --list --snapshot"));
        assertThrows(CommandSyntaxException.class, () -> ExecParser.parse("byteback-receive --list --bogus /x"));
        assertThrows(CommandSyntaxException.class, () -> ExecParser.parse("byteback-receive --list -s a -s b /x"));
    }

    @Test
    void restoreWordsAreKeptAsSent() throws Exception {
        var r = (ExecRequest.Restore) ExecParser.parse("byteback-restore --fake-super --snapshot * --server --sender -logDtprRze.iLsfx . /a'b");
        assertEquals(List.of("--fake-super", "--snapshot", "*", "--server", "--sender", "-logDtprRze.iLsfx", ".", "/a'b"), r.args());
    }
}
