package byteback.client.backup;

/**
 * How one rsync run ended.
 *
 * @param exit      rsync's exit status (0 success, 24 vanished files, ...)
 * @param files     files in the transfer's file list
 * @param bytesSent bytes this client wrote to the connection (the rsync stream)
 * @param bytesRead bytes it read from it
 * @param message   the server's or our own error text, "" when none
 */
public record TransferOutcome(int exit, long files, long bytesSent, long bytesRead, String message) {}
