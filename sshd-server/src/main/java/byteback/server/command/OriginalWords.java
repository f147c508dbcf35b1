package byteback.server.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command the way the original byteback-receive splits {@code SSH_ORIGINAL_COMMAND}
 * (Ruby's {@code String#split(' ')}): runs of blanks (space, tab, newline, vertical tab, form
 * feed, carriage return) separate words, nothing is quoted or escaped. The original client relies
 * on it: it sends {@code --snapshot *} unquoted and encodes the spaces of its patterns itself
 * (lib/byteback/restore.rb encode_args), so a pattern holding a quote must reach us as it is.
 */
public final class OriginalWords {
    private OriginalWords() {}

    private static final int MAX_LENGTH = 256 * 1024;

    public static List<String> split(String line) throws CommandSyntaxException {
        if (line.length() > MAX_LENGTH) throw new CommandSyntaxException("command line is too long");
        if (line.indexOf('\0') >= 0) throw new CommandSyntaxException("command line contains a NUL byte");
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && isBlank(line.charAt(i))) i++;
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) i++;
            if (i > start) words.add(line.substring(start, i));
        }
        return words;
    }

    /** Ruby's ascii_isspace, what {@code split(' ')} splits on. */
    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    /** The first word of {@code line}, or "" when it has none. */
    public static String firstWord(String line) {
        int i = 0;
        int n = line.length();
        while (i < n && isBlank(line.charAt(i))) i++;
        int start = i;
        while (i < n && !isBlank(line.charAt(i))) i++;
        return line.substring(start, i);
    }
}
