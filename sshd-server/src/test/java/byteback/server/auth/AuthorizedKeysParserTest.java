package byteback.server.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthorizedKeysParserTest {
    @Test
    void readsTheLinesTheOriginalBytebackWrites() {
        // byteback-setup-client-receive: command=...,from=...,environment=... KEY
        String key = TestKeys.line("ssh-rsa", 1, "byteback client key");
        AuthorizedKeysParser.Result r = AuthorizedKeysParser.parse(
                "command=\"byteback-receive\",from=\"1.2.3.4\",environment=\"BYTEBACK_HOST=web1.example.com\" " + key + "\n");
        assertEquals(List.of(), r.problems());
        AuthorizedKey k = r.keys().get(0);
        assertEquals("ssh-rsa", k.type());
        assertEquals("byteback client key", k.comment());
        assertEquals("1.2.3.4", k.options().from());
        assertEquals("byteback-receive", k.options().command());
        assertEquals(Optional.of("web1.example.com"), k.options().env("BYTEBACK_HOST"));
        assertArrayEquals(TestKeys.blob("ssh-rsa", 1), k.blob());
    }

    @Test
    void quotedValuesMayHoldCommasBlanksAndEscapedQuotes() {
        String key = TestKeys.line("ssh-ed25519", 2, "");
        AuthorizedKey k = AuthorizedKeysParser.parse(
                "no-pty,from=\"10.0.0.0/8,!10.1.2.3, x\",command=\"echo \\\"hi, there\\\"\",environment=\"BYTEBACK_HOST=a\" " + key)
                .keys().get(0);
        assertEquals("10.0.0.0/8,!10.1.2.3, x", k.options().from());
        assertEquals("echo \"hi, there\"", k.options().command());
        assertTrue(k.options().flags().contains("no-pty"));
        assertEquals("", k.comment());
    }

    @Test
    void optionNamesAreCaseInsensitiveAndTheFirstEnvironmentOfANameCounts() {
        String key = TestKeys.line("ssh-ed25519", 3, "c");
        AuthorizedKey k = AuthorizedKeysParser.parse("Environment=\"BYTEBACK_HOST=first\",ENVIRONMENT=\"BYTEBACK_HOST=second\" " + key)
                .keys().get(0);
        assertEquals(Optional.of("first"), k.options().env("BYTEBACK_HOST"));
    }

    @Test
    void blankAndCommentLinesAreSkippedBadLinesReported() {
        String good = TestKeys.line("ssh-ed25519", 4, "ok");
        String text = String.join("\n",
                "# a comment",
                "",
                "   ",
                "bogus-option " + good,
                "from=\"1.2.3.4 " + good,
                "ssh-ed25519 !!!notbase64",
                "ssh-rsa " + good.split(" ")[1],
                "from=\"1.1.1.1\",from=\"2.2.2.2\" " + good,
                "environment=\"BAD-NAME=x\" " + good,
                "from=\"1.2.3.4\" , " + good,
                "  " + good + "\r");
        AuthorizedKeysParser.Result r = AuthorizedKeysParser.parse(text);
        assertEquals(1, r.keys().size());
        assertEquals(11, r.keys().get(0).line());
        assertEquals(List.of(4, 5, 6, 7, 8, 9, 10), r.problems().stream().map(AuthorizedKeysParser.Problem::line).toList());
    }

    @Test
    void aLineWithoutOptionsHasNone() {
        AuthorizedKey k = AuthorizedKeysParser.parseLine(1, TestKeys.line("ecdsa-sha2-nistp256", 5, "x y z"));
        assertEquals(KeyOptions.NONE, k.options());
        assertEquals("x y z", k.comment());
        assertNull(AuthorizedKeysParser.parseLine(2, "#" + TestKeys.line("ssh-ed25519", 5, "")));
    }
}
