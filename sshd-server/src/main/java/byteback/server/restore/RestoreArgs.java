package byteback.server.restore;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code byteback-restore}, the original client's {@code --rsync-path}
 * ({@code byteback-restore --fake-super --snapshot S [--all]}) followed by what its rsync adds
 * ({@code --server --sender -logDtprRze.iLsfxCIvu --timeout=300 --numeric-ids --inplace . PATH...}),
 * taken apart as the original byteback-receive does: up to the first {@code .}, {@code --snapshot S}
 * and {@code --all} are ours and everything else is rsync's; after it come the patterns. Pure.
 *
 * @param rsyncArgs the sender's options (without the program name), in order
 * @param snapshot  the --snapshot argument, or null for all
 * @param all       every distinct version rather than the newest
 * @param verbose   the client asked rsync for -v (the original then prints the command it runs)
 * @param patterns  the patterns, still quoted-printable as the client sent them, rsync's shell
 *                  escapes removed ({@link #unescapeShell})
 */
record RestoreArgs(List<String> rsyncArgs, String snapshot, boolean all, boolean verbose, List<String> patterns) {

    static RestoreArgs parse(List<String> words) throws PatternException {
        List<String> rsync = new ArrayList<>();
        String snapshot = null;
        boolean all = false;
        boolean verbose = false;
        int i = 0;
        boolean dot = false;
        while (i < words.size()) {
            String w = words.get(i++);
            if (w.equals(".")) {
                dot = true;
                break;
            }
            if (w.equals("--snapshot")) {
                if (i >= words.size()) throw new PatternException("byteback-restore: --snapshot needs a snapshot name");
                snapshot = words.get(i++);
            } else if (w.startsWith("--snapshot=")) {
                snapshot = w.substring("--snapshot=".length());
            } else if (w.equals("--all")) {
                all = true;
            } else {
                if (w.equals("--protect-args") || w.equals("--secluded-args") || shortCluster(w).indexOf('s') >= 0) {
                    throw new PatternException("byteback-restore cannot take rsync's --protect-args (-s): the patterns"
                            + " must be on its command line; remove -s from the client's rsync flags");
                }
                if (w.equals("--verbose") || shortCluster(w).indexOf('v') >= 0) verbose = true;
                rsync.add(w);
            }
        }
        if (!dot || i >= words.size()) {
            throw new PatternException("byteback-restore: expected rsync's sender arguments, \".\" and at least one"
                    + " pattern (it is the original byteback-restore client's --rsync-path)");
        }
        if (!rsync.contains("--server") || !rsync.contains("--sender")) {
            throw new PatternException("byteback-restore only runs as rsync's sender (--server --sender)");
        }
        List<String> patterns = new ArrayList<>();
        for (String p : words.subList(i, words.size())) patterns.add(unescapeShell(p));
        return new RestoreArgs(List.copyOf(rsync), snapshot, all, verbose, List.copyOf(patterns));
    }

    /**
     * The option letters of a single-dash word before rsync's {@code e} capability string
     * ({@code -vlogDtprRze.iLsfxCIvu} gives {@code vlogDtprRz}), "" for anything else.
     */
    static String shortCluster(String w) {
        if (w.length() < 2 || w.charAt(0) != '-' || w.charAt(1) == '-') return "";
        int e = w.indexOf('e');
        return w.substring(1, e < 0 ? w.length() : e);
    }

    /**
     * Undoes the backslashes rsync 3.2.4 and later put before shell characters of a remote file
     * name (options.c safe_arg), as the shell behind the original server's sshd would: {@code \X}
     * becomes {@code X}, except before a glob character ({@code * ? [ ]}), where rsync does not
     * escape and the backslash is the pattern's own escape, kept for the glob.
     */
    static String unescapeShell(String p) {
        if (p.indexOf('\\') < 0) return p;
        StringBuilder b = new StringBuilder(p.length());
        for (int k = 0; k < p.length(); k++) {
            char c = p.charAt(k);
            if (c == '\\' && k + 1 < p.length()) {
                char next = p.charAt(k + 1);
                if ("*?[]".indexOf(next) >= 0) b.append(c);
                b.append(next);
                k++;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
