package byteback.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ShellWordsTest {
    @Test
    void splitsAsShDoes() throws Exception {
        assertEquals(List.of("rsync", "--server", "-logDtpre.iLsfxCIvu", ".", "dir name"),
                ShellWords.split("rsync  --server\t-logDtpre.iLsfxCIvu . dir\\ name"));
        assertEquals(List.of("a b", "c'd", "e\"f$g", ""), ShellWords.split("'a b' \"c'd\" 'e\"f$g' ''"));
        assertEquals(List.of("ab\"c\\d"), ShellWords.split("\"a\"b\"\\\"c\\\\d\""));
        assertEquals(List.of("x\\y"), ShellWords.split("\"x\\y\""));
        assertEquals(List.of("joined"), ShellWords.split("join\\\ned"));
        assertEquals(List.of("byteback-receive", "--ping"), ShellWords.split("byteback-receive --ping "));
        assertEquals(List.of(), ShellWords.split("   "));
        assertEquals(List.of("a#b", "c~"), ShellWords.split("a#b c~"));
        assertEquals(List.of("it's"), ShellWords.split("'it'\\''s'"));
    }

    @Test
    void refusesWhatAShellWouldInterpret() {
        for (String bad : new String[] {"a;b", "a|b", "a&b", "a>b", "a<b", "$(x)", "`x`", "a$b", "\"$x\"", "\"`x`\"",
                "*", "a?", "[ab]", "{a,b}", "~/x", "#c", "(x)", "'open", "\"open", "a\\", "a\nb", "A=1 rsync", "a\0b", "'a\0b'", "\"a\0b\"", "a\\\0b"}) {
            assertThrows(CommandSyntaxException.class, () -> ShellWords.split(bad), bad);
        }
    }

    /** Each word single-quoted as rsync and OpenSSH users do, a quote inside written '\'' . */
    @Property
    void singleQuotingRoundTrips(@ForAll @Size(max = 6) List<@NotEmpty @Chars({'a', ' ', '"', '\'', '\\', '$', '*', ';',
            '\t', '~', '#', '\n'}) @CharRange(from = 'a', to = 'z') String> words) throws Exception {
        String line = words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        assertEquals(words, ShellWords.split(line));
    }

    /** Each special character escaped with a backslash, backslashes and both quotes included. */
    @Property
    void backslashEscapingRoundTrips(@ForAll @Size(max = 6) List<@NotEmpty @Chars({'a', ' ', '"', '\'', '\\', '$', '*',
            ';', '|', '{', '\t'}) @CharRange(from = '0', to = '9') String> words) throws Exception {
        String line = words.stream().map(w -> w.chars().mapToObj(c -> (Character.isLetterOrDigit(c) ? "" : "\\") + (char) c)
                .collect(Collectors.joining())).collect(Collectors.joining(" "));
        assertEquals(words, ShellWords.split(line));
    }

    /** Inside double quotes a backslash escapes only $ ` " \ and is kept before anything else. */
    @Property
    void doubleQuotingRoundTrips(@ForAll @Size(max = 6) List<@Chars({'a', ' ', '"', '\'', '\\', '*', ';', '\t', '~'})
            @CharRange(from = 'a', to = 'c') String> words) throws Exception {
        String line = words.stream().map(w -> "\"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(" "));
        assertEquals(words, ShellWords.split(line));
    }

    /**
     * The oracle is a real shell: any line of quotes, backslashes, blanks and letters that
     * ShellWords accepts is split by /bin/sh into the same words.
     */
    @Property(tries = 300)
    void whatItAcceptsShSplitsTheSameWay(@ForAll @StringLength(max = 24) @Chars({'a', 'b', ' ', '\t', '\'', '"', '\\'})
            String line) throws Exception {
        List<String> ours;
        try {
            ours = ShellWords.split(line);
        } catch (CommandSyntaxException refused) {
            return; // unbalanced quotes, a trailing backslash: sh would fail or wait for more
        }
        assertEquals(sh(line), ours, "line: " + line);
    }

    /** The words /bin/sh makes of {@code line}. */
    private static List<String> sh(String line) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "set -- " + line + "\nprintf '%s\\0' \"$#\" \"$@\"")
                .redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        String[] parts = out.toString(StandardCharsets.UTF_8).split("\0", -1);
        int n = Integer.parseInt(parts[0]);
        List<String> words = new ArrayList<>();
        for (int i = 1; i <= n; i++) words.add(parts[i]);
        return words;
    }
}
