package byteback.server.command;

import java.util.List;

/** What a client asked to run, parsed from the SSH exec command. */
public sealed interface ExecRequest {
    /** {@code rsync [--fake-super] --server <args> . PATH}: receive a backup. */
    record RsyncReceive(List<String> args, String path) implements ExecRequest {}

    /** {@code rsync --server --sender ... . PATH...}: a restore by path. */
    record RsyncSend(List<String> args) implements ExecRequest {}

    /** {@code byteback-receive --ping}. */
    record Ping() implements ExecRequest {}

    /** {@code byteback-receive --complete}. */
    record Complete() implements ExecRequest {}

    /**
     * {@code byteback-receive --list [--all] [--snapshot S] [--verbose] PATTERN...}.
     *
     * @param snapshot the --snapshot argument as given, or null for all
     * @param patterns the patterns as sent (the original client quoted-printable-encodes them)
     */
    record ListFiles(boolean all, boolean verbose, String snapshot, List<String> patterns) implements ExecRequest {}

    /** {@code byteback-receive --diff [S1 [S2]]}: what changed between two snapshots. */
    record Diff(List<String> names) implements ExecRequest {}

    /**
     * {@code byteback-restore [--fake-super] [--snapshot S] [--all] <rsync sender args> . PATTERN...},
     * the original client's --rsync-path: the words after the program name, split on blanks.
     */
    record Restore(List<String> args) implements ExecRequest {}

    /** {@code byteback-setup-client-receive NAME PUBKEY...}: enrolment with an invite. */
    record SetupClientReceive(String name, String publicKey) implements ExecRequest {}
}
