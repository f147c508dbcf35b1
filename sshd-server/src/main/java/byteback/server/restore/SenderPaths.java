package byteback.server.restore;

import java.util.List;
import java.util.Set;

/**
 * Checks the command line of a restore by path, {@code rsync --server --sender <options> . PATH...},
 * before the sender sees it: each PATH names something beneath the client's own directory
 * ({@code current/...}, {@code <snapshot>/...}, or {@code .} for all of it), and the options ask
 * for nothing that would write to the store or read a server file by name. The sender resolves
 * the paths again, descriptor by descriptor without following symlinks; this is the first line,
 * with messages a user understands. Pure.
 */
final class SenderPaths {
    private SenderPaths() {}

    /** Options rsync's client sends with their value as the next word (options.c server_options). */
    private static final Set<String> SPLIT_VALUE = Set.of("--files-from", "--backup-dir", "--partial-dir", "--temp-dir");

    /** The PATH arguments (after the options and the "."); empty when there are none on the command line. */
    static List<String> sources(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String w = args.get(i);
            if (SPLIT_VALUE.contains(w)) {
                i++;
            } else if (w.equals(".")) {
                return args.subList(i + 1, args.size());
            }
        }
        return List.of();
    }

    /** Null when the command may run, else why not (a message for the client). */
    static String problem(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String w = args.get(i);
            if (w.equals(".")) break;
            if (w.equals("--remove-source-files") || w.equals("--remove-sent-files")) {
                return "restores never change the store: " + w + " is refused";
            }
            if (w.equals("--files-from") && i + 1 < args.size() && !args.get(i + 1).equals("-")
                    || w.startsWith("--files-from=") && !w.equals("--files-from=-")) {
                return "--files-from may only name a file on your side (the server never opens one for a client)";
            }
        }
        for (String p : sources(args)) {
            String why = pathProblem(p);
            if (why != null) return why;
        }
        return null;
    }

    /** Null when {@code p} stays beneath the client's directory, else why it does not. */
    static String pathProblem(String p) {
        String shown = PathPattern.printable(p.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (p.startsWith("/")) {
            return "absolute path " + shown + " refused: name files beneath your own backups, as current/PATH"
                    + " or SNAPSHOT/PATH (e.g. current/etc/)";
        }
        if (p.startsWith("~")) return "path " + shown + " refused: there is no home directory here; use current/PATH or SNAPSHOT/PATH";
        for (String part : p.split("/", -1)) {
            if (part.equals("..")) return "path " + shown + " refused: \"..\" would leave your own backups";
        }
        return null;
    }
}
