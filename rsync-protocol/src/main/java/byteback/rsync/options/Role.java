package byteback.rsync.options;

/** Which side of the transfer this server plays (rsync: {@code am_sender} on the server). */
public enum Role {
    /** The client pushes files to us: a backup. The default when {@code --sender} is absent. */
    RECEIVER,
    /** The client pulls files from us ({@code --sender}): a restore. */
    SENDER
}
