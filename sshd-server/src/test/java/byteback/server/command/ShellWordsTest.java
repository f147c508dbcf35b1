package byteback.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;
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
    }

    @Test
    void refusesWhatAShellWouldInterpret() {
        for (String bad : new String[] {"a;b", "a|b", "a&b", "a>b", "a<b", "$(x)", "`x`", "a$b", "\"$x\"", "\"`x`\"",
                "*", "a?", "[ab]", "{a,b}", "~/x", "#c", "(x)", "'open", "\"open", "a\\", "a\nb", "A=1 rsync", "a\0b"}) {
            assertThrows(CommandSyntaxException.class, () -> ShellWords.split(bad), bad);
        }
    }

    @Property
    void singleQuotingRoundTrips(@ForAll @Size(max = 6) List<@NotEmpty @Chars({'a', ' ', '"', '\\', '$', '*', ';', '\t', '~', '#'})
            @CharRange(from = 'a', to = 'z') String> words) throws Exception {
        String line = words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
        assertEquals(words, ShellWords.split(line));
    }

    @Property
    void backslashEscapingRoundTrips(@ForAll @Size(max = 6) List<@NotEmpty @Chars({'a', ' ', '"', '\'', '$', '*', ';', '|', '{'})
            @CharRange(from = '0', to = '9') String> words) throws Exception {
        String line = words.stream().map(w -> w.chars().mapToObj(c -> (Character.isLetterOrDigit(c) ? "" : "\\") + (char) c)
                .collect(Collectors.joining())).collect(Collectors.joining(" "));
        assertEquals(words, ShellWords.split(line));
    }
}
