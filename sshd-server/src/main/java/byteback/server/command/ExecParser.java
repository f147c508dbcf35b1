package byteback.server.command;

import java.util.ArrayList;
import java.util.List;

/** Turns an SSH exec command into an {@link ExecRequest}, or says why it is refused. */
public final class ExecParser {
    private ExecParser() {}

    public static ExecRequest parse(String command) throws CommandSyntaxException {
        List<String> words = ShellWords.split(command);
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

    private static ExecRequest receive(List<String> args) throws CommandSyntaxException {
        int modes = 0;
        ExecRequest request = null;
        List<String> listArgs = new ArrayList<>();
        for (String a : args) {
            switch (a) {
                case "--ping", "-p" -> { modes++; request = new ExecRequest.Ping(); }
                case "--complete", "-c" -> { modes++; request = new ExecRequest.Complete(); }
                case "--list", "-l" -> { modes++; request = null; }
                case "--diff" -> { modes++; request = new ExecRequest.Diff(List.of()); }
                case "--verbose", "-v", "" -> { }
                default -> listArgs.add(a);
            }
        }
        if (modes != 1) throw new CommandSyntaxException("byteback-receive: please choose one of --ping, --complete, --list, --diff");
        if (request == null) return new ExecRequest.ListFiles(List.copyOf(listArgs));
        if (request instanceof ExecRequest.Diff) {
            if (listArgs.size() > 2) throw new CommandSyntaxException("byteback-receive --diff: at most two snapshot names");
            return new ExecRequest.Diff(List.copyOf(listArgs));
        }
        if (!listArgs.isEmpty()) throw new CommandSyntaxException("byteback-receive: unexpected argument \"" + listArgs.get(0) + "\"");
        return request;
    }

    private static ExecRequest setup(List<String> args) throws CommandSyntaxException {
        if (args.size() < 3) {
            throw new CommandSyntaxException("usage: byteback-setup-client-receive NAME KEYTYPE BASE64 [COMMENT]");
        }
        return new ExecRequest.SetupClientReceive(args.get(0), String.join(" ", args.subList(1, args.size())));
    }
}
