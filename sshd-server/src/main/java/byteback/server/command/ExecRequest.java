package byteback.server.command;

import java.util.List;

/** What a client asked to run, parsed from the SSH exec command. */
public sealed interface ExecRequest {
    /** {@code rsync [--fake-super] --server <args> . PATH}: receive a backup. */
    record RsyncReceive(List<String> args, String path) implements ExecRequest {}

    /** {@code rsync --server --sender ...}: a restore (not supported yet). */
    record RsyncSend(List<String> args) implements ExecRequest {}

    /** {@code byteback-receive --ping}. */
    record Ping() implements ExecRequest {}

    /** {@code byteback-receive --complete}. */
    record Complete() implements ExecRequest {}

    /** {@code byteback-receive --list ...} (not supported yet). */
    record ListFiles(List<String> args) implements ExecRequest {}

    /** {@code byteback-receive --diff [S1 [S2]]}: what changed between two snapshots. */
    record Diff(List<String> names) implements ExecRequest {}

    /** {@code byteback-restore ...} (not supported yet). */
    record Restore(List<String> args) implements ExecRequest {}

    /** {@code byteback-setup-client-receive NAME PUBKEY...}: enrolment with an invite. */
    record SetupClientReceive(String name, String publicKey) implements ExecRequest {}
}
