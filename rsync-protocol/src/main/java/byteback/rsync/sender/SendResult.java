package byteback.rsync.sender;

/**
 * How a sending session ended, for the caller's log line.
 *
 * @param exitCode     rsync's exit code (0 success, 23 partial, ...)
 * @param files        entries in the file lists sent
 * @param filesSent    files whose data was sent
 * @param bytesWritten bytes written to the client, protocol included
 * @param literalBytes file data sent literally (the rest was matched against the client's copy)
 * @param incremental  the lists went with incremental recursion (one per directory), not as one
 */
public record SendResult(int exitCode, int files, int filesSent, long bytesWritten, long literalBytes,
        boolean incremental) {

    /** A session that ended before any list was sent. */
    public SendResult(int exitCode, int files, int filesSent, long bytesWritten, long literalBytes) {
        this(exitCode, files, filesSent, bytesWritten, literalBytes, false);
    }
}
