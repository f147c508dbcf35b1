package byteback.server.command;

import java.util.ArrayList;
import java.util.List;

/** Turns an SSH exec command into an {@link ExecRequest}, or says why it is refused. */
public final class ExecParser {
    private ExecParser() {}

    public static ExecRequest parse(String command) throws CommandSyntaxException {
        // the original byteback-receive splits these on blanks only (its client sends "--snapshot *"
        // unquoted and encodes its patterns itself); everything else is split like a shell would
        String first = OriginalWords.firstWord(command);
        boolean original = first.equals("byteback-receive") || first.equals("byteback-restore");
        List<String> words = original ? OriginalWords.split(command) : ShellWords.split(command);
        if (words.isEmpty()) throw new CommandSyntaxException("empty command; byteback has no shell");
        String program = words.get(0);
        List<String> rest = words.subList(1, words.size());
        return switch (program) {
            case "rsync" -> rsync(rest);
            case "byteback-receive" -> receive(rest);
            case "byteback-restore" -> new ExecRequest.Restore(List.copyOf(rest));
            case "byteback-setup-client-receive" -> setup(rest);
            default -> throw new CommandSyntaxException("unknown command \"" + program + "\"; this server runs"
                    + " only rsync --server, byteback-receive and byteback-setup-client-receive");
        };
    }

    /**
     * rsync: main.c do_cmd builds {@code rsync <server options> . PATH}; an empty PATH is sent as
     * "." or left out. The options end at the "." before the last word.
     */
    private static ExecRequest rsync(List<String> args) throws CommandSyntaxException {
        if (!args.contains("--server")) {
            throw new CommandSyntaxException("rsync is only run as a server (rsync --server ...)");
        }
        if (args.contains("--sender")) return new ExecRequest.RsyncSend(List.copyOf(args));
        int n = args.size();
        String path;
        if (n >= 2 && args.get(n - 2).equals(".") && !args.get(n - 1).startsWith("-")) {
            path = args.get(n - 1);
        } else if (n >= 1 && args.get(n - 1).equals(".")) {
            path = "";
        } else {
            throw new CommandSyntaxException("rsync --server: expected \". PATH\" at the end of the command");
        }
        return new ExecRequest.RsyncReceive(List.copyOf(args), path);
    }

    /**
     * byteback-receive's options as the original parses them (Trollop): options and patterns may
     * be interleaved, long options take {@code =value} or the next word, short ones cluster
     * ({@code -la}), {@code --} ends the options. Exactly one of --ping, --complete, --list.
     */
    private static ExecRequest receive(List<String> args) throws CommandSyntaxException {
        int modes = 0;
        ExecRequest request = null;
        boolean all = false;
        boolean verbose = false;
        String snapshot = null;
        List<String> rest = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (optionsEnded || !a.startsWith("-") || a.equals("-")) {
                if (!a.equals("''") && !a.equals("\"\"")) rest.add(a); // an empty word a shell-minded client quoted
                continue;
            }
            if (a.equals("--")) {
                optionsEnded = true;
                continue;
            }
            List<String> letters = new ArrayList<>();
            String inline = null;
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                letters.add(eq < 0 ? a.substring(2) : a.substring(2, eq));
                inline = eq < 0 ? null : a.substring(eq + 1);
            } else {
                for (int k = 1; k < a.length(); k++) {
                    char c = a.charAt(k);
                    if (c == 's' && k + 1 < a.length()) {
                        letters.add("s");
                        inline = a.substring(k + 1);
                        break;
                    }
                    letters.add(String.valueOf(c));
                }
            }
            for (String o : letters) {
                switch (o) {
                    case "ping", "p" -> { modes++; request = new ExecRequest.Ping(); }
                    case "complete", "c" -> { modes++; request = new ExecRequest.Complete(); }
                    case "list", "l" -> { modes++; request = null; }
                    case "diff" -> { modes++; request = new ExecRequest.Diff(List.of()); }
                    case "all", "a" -> all = true;
                    case "verbose", "v" -> verbose = true;
                    case "snapshot", "s" -> {
                        if (snapshot != null) throw new CommandSyntaxException("byteback-receive: option --snapshot given twice");
                        if (inline != null) {
                            snapshot = inline;
                        } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("-")) {
                            snapshot = args.get(++i);
                        } else {
                            throw new CommandSyntaxException("byteback-receive: option --snapshot needs a snapshot name,"
                                    + " current, or * for all");
                        }
                    }
                    default -> throw new CommandSyntaxException("byteback-receive: unknown option \"" + a + "\"; it takes"
                            + " --ping, --complete, --diff [S1 [S2]], or --list [--all] [--snapshot S] [--verbose] PATTERN...");
                }
                if (inline != null && !o.equals("snapshot") && !o.equals("s")) {
                    throw new CommandSyntaxException("byteback-receive: option --" + o + " takes no value");
                }
            }
        }
        if (modes != 1) throw new CommandSyntaxException("byteback-receive: please choose one of --ping, --complete, --list, --diff");
        if (request == null) {
            if (rest.isEmpty()) throw new CommandSyntaxException("byteback-receive --list: give at least one pattern, e.g. '/etc/*'");
            return new ExecRequest.ListFiles(all, verbose, snapshot, List.copyOf(rest));
        }
        if (request instanceof ExecRequest.Diff) {
            if (rest.size() > 2) throw new CommandSyntaxException("byteback-receive --diff: at most two snapshot names");
            return new ExecRequest.Diff(List.copyOf(rest));
        }
        if (!rest.isEmpty()) throw new CommandSyntaxException("byteback-receive: unexpected argument \"" + rest.get(0) + "\"");
        return request;
    }

    private static ExecRequest setup(List<String> args) throws CommandSyntaxException {
        if (args.size() < 3) {
            throw new CommandSyntaxException("usage: byteback-setup-client-receive NAME KEYTYPE BASE64 [COMMENT]");
        }
        return new ExecRequest.SetupClientReceive(args.get(0), String.join(" ", args.subList(1, args.size())));
    }
}
