package byteback.server.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an SSH exec command into words the way a POSIX shell would for a simple command:
 * blanks separate words; single quotes keep everything literally; double quotes keep everything
 * but let a backslash escape {@code $ ` " \} and newline; an unquoted backslash escapes the next
 * character (a backslash-newline disappears). What a shell would expand or treat as syntax
 * (variables, command substitution, globs, tildes, redirections, pipes, separators, comments,
 * braces) is refused rather than guessed at.
 */
public final class ShellWords {
    private ShellWords() {}

    private static final String SPECIAL = "|&;<>()$`*?[{}!";
    private static final int MAX_LENGTH = 64 * 1024;

    public static List<String> split(String line) throws CommandSyntaxException {
        if (line.length() > MAX_LENGTH) throw new CommandSyntaxException("command line is too long");
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\0') throw new CommandSyntaxException("command line contains a NUL byte");
            if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) throw new CommandSyntaxException("unterminated single quote");
                if (line.substring(i + 1, end).indexOf('\0') >= 0) {
                    throw new CommandSyntaxException("command line contains a NUL byte");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) throw new CommandSyntaxException("command line ends with a backslash");
                char next = line.charAt(i + 1);
                if (next == '\0') throw new CommandSyntaxException("command line contains a NUL byte");
                if (next != '\n') {
                    word.append(next);
                    inWord = true;
                }
                i += 2;
            } else if (c == '\n' || c == '\r') {
                throw new CommandSyntaxException("command line contains a line break");
            } else if (SPECIAL.indexOf(c) >= 0) {
                throw new CommandSyntaxException("unquoted '" + c + "' is shell syntax that byteback does not run");
            } else if (!inWord && (c == '~' || c == '#')) {
                throw new CommandSyntaxException("unquoted '" + c + "' at the start of a word is shell syntax that byteback does not run");
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) words.add(word.toString());
        if (!words.isEmpty() && isAssignment(words.get(0))) {
            throw new CommandSyntaxException("variable assignments are shell syntax that byteback does not run");
        }
        return words;
    }

    private static int doubleQuoted(String line, int i, StringBuilder word) throws CommandSyntaxException {
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '"') return i + 1;
            if (c == '\0') throw new CommandSyntaxException("command line contains a NUL byte");
            if (c == '$' || c == '`') {
                throw new CommandSyntaxException("'" + c + "' inside double quotes is shell expansion that byteback does not run");
            }
            if (c == '\\' && i + 1 < n) {
                char next = line.charAt(i + 1);
                if (next == '\n') { i += 2; continue; }
                if (next == '"' || next == '\\' || next == '$' || next == '`') {
                    word.append(next);
                    i += 2;
                    continue;
                }
            }
            word.append(c);
            i++;
        }
        throw new CommandSyntaxException("unterminated double quote");
    }

    private static boolean isAssignment(String w) {
        int eq = w.indexOf('=');
        if (eq <= 0) return false;
        if (!(Character.isLetter(w.charAt(0)) || w.charAt(0) == '_')) return false;
        for (int k = 0; k < eq; k++) {
            char c = w.charAt(k);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) return false;
        }
        return true;
    }
}
