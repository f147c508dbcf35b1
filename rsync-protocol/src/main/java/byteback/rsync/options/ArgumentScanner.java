package byteback.rsync.options;

import java.util.List;

/**
 * Splits an argument vector into options and positional arguments the way popt does for rsync
 * (rsync: popt/popt.c poptGetNextOpt with rsync's option table and no flags): options and
 * positional arguments may be interleaved; {@code --} ends the options; a lone {@code -} is
 * positional; {@code --name=value} or {@code --name value}; short letters cluster, and a letter
 * that takes a value consumes the rest of its cluster (after an optional {@code '='}) or else the
 * next word, whatever it looks like. Long names must match exactly (no abbreviations).
 */
final class ArgumentScanner {

    /** Receives each option in order. */
    interface Sink {
        /**
         * @param option the option
         * @param value  its argument, or null for an option without one
         * @param token  the last word consumed (popt's "bad option" for error messages)
         * @return true to restart scanning from the first word (rsync does this on the first
         *         {@code --server})
         */
        boolean option(RsyncOption option, String value, String token) throws OptionException;

        /** Text put before popt's errors ("on remote machine: " once we are a server). */
        String errorPrefix();
    }

    private ArgumentScanner() {}

    /**
     * Scans {@code args}, calling {@code sink} for each option and adding the positional
     * arguments, in order, to {@code positional}.
     */
    static void scan(List<String> args, Sink sink, List<String> positional) throws OptionException {
        int next = 0;
        boolean restOfArgsArePositional = false;
        while (next < args.size()) {
            String word = args.get(next++);
            if (restOfArgsArePositional || !word.startsWith("-") || word.equals("-")) {
                positional.add(word);
                continue;
            }
            if (word.equals("--")) {
                restOfArgsArePositional = true;
                continue;
            }
            boolean restart;
            if (word.startsWith("--")) {
                String body = word.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                String inlineValue = eq < 0 ? null : body.substring(eq + 1);
                RsyncOption option = RsyncOption.byLongName(name);
                if (option == null) {
                    throw popt(sink, word, "unknown option");
                }
                String value = null;
                String token = word;
                if (option.arg == RsyncOption.Arg.NONE) {
                    if (inlineValue != null) {
                        throw popt(sink, word, "option does not take an argument");
                    }
                } else if (inlineValue != null) {
                    value = inlineValue;
                } else {
                    if (next >= args.size()) {
                        throw popt(sink, word, "missing argument");
                    }
                    value = args.get(next++);
                    token = value;
                }
                restart = sink.option(option, value, token);
            } else {
                restart = false;
                String cluster = word.substring(1);
                for (int i = 0; i < cluster.length(); i++) {
                    RsyncOption option = RsyncOption.byShortName(cluster.charAt(i));
                    if (option == null) {
                        throw popt(sink, word, "unknown option");
                    }
                    String rest = cluster.substring(i + 1);
                    if (option.arg == RsyncOption.Arg.NONE) {
                        if (rest.startsWith("=")) {
                            throw popt(sink, word, "option does not take an argument");
                        }
                        restart |= sink.option(option, null, word);
                        continue;
                    }
                    String value;
                    String token = word;
                    if (!rest.isEmpty()) {
                        value = rest.startsWith("=") ? rest.substring(1) : rest;
                    } else if (next < args.size()) {
                        value = args.get(next++);
                        token = value;
                    } else {
                        throw popt(sink, word, "missing argument");
                    }
                    restart |= sink.option(option, value, token);
                    break;
                }
            }
            if (restart) {
                positional.clear();
                next = 0;
                restOfArgsArePositional = false;
            }
        }
    }

    /** rsync: options.c parse_arguments, default case: "%s%s: %s" with poptBadOption, poptStrerror. */
    static OptionException popt(Sink sink, String badOption, String error) {
        return OptionException.syntax(sink.errorPrefix() + badOption + ": " + error);
    }
}
