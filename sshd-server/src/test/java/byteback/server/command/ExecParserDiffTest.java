package byteback.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecParserDiffTest {
    @Test
    void diffTakesUpToTwoNames() throws Exception {
        assertEquals(new ExecRequest.Diff(List.of()), ExecParser.parse("byteback-receive --diff"));
        assertEquals(new ExecRequest.Diff(List.of("2026-11-26T21:30+0000")),
                ExecParser.parse("byteback-receive --diff 2026-11-26T21:30+0000"));
        assertEquals(new ExecRequest.Diff(List.of("2026-11-26T21:30+0000", "current")),
                ExecParser.parse("byteback-receive --verbose --diff 2026-11-26T21:30+0000 current"));
        assertThrows(CommandSyntaxException.class, () -> ExecParser.parse("byteback-receive --diff a b c"));
        assertThrows(CommandSyntaxException.class, () -> ExecParser.parse("byteback-receive --diff --ping"));
    }
}
