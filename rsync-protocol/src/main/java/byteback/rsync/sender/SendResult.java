package byteback.rsync.sender;

/**
 * How a sending session ended, for the caller's log line.
 *
 * @param exitCode     rsync's exit code (0 success, 23 partial, ...)
 * @param files        entries in the file list sent
 * @param filesSent    files whose data was sent
 * @param bytesWritten bytes written to the client, protocol included
 * @param literalBytes file data sent literally (the rest was matched against the client's copy)
 */
public record SendResult(int exitCode, int files, int filesSent, long bytesWritten, long literalBytes) {}
