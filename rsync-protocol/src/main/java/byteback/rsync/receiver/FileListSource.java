package byteback.rsync.receiver;

import byteback.rsync.protocol.Protocol;

import byteback.rsync.memory.Reservation;
import byteback.rsync.options.ServerOptions;
import byteback.rsync.wire.WireReader;
import java.io.IOException;
import java.util.List;

/**
 * Reads the client's file list (rsync: flist.c recv_file_list) and returns it sorted as rsync
 * sorts it, one {@link ListedFile} per index; null where rsync cleared a duplicate.
 */
@FunctionalInterface
public interface FileListSource {
    /** The list and the client's I/O error flags sent at its end. */
    record Result(List<ListedFile> files, int ioError) {}

    Result read(WireReader in, Protocol protocol, ServerOptions options) throws IOException;

    /**
     * As {@link #read(WireReader, Protocol, ServerOptions)}, charging what the list holds to the
     * connection's share of the server's memory budget.
     */
    default Result read(WireReader in, Protocol protocol, ServerOptions options, Reservation reservation)
            throws IOException {
        return read(in, protocol, options);
    }
}
