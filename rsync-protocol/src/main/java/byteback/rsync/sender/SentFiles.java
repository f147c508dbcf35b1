package byteback.rsync.sender;

import byteback.rsync.protocol.ExitCode;
import byteback.rsync.protocol.NdxReader;
import byteback.rsync.protocol.SessionException;
import java.io.IOException;
import java.util.List;

/**
 * The file lists a sender has sent, as the client's requests name their entries: one complete
 * list ({@link #of}), or the lists of incremental recursion ({@link IncrementalFileLists}).
 */
interface SentFiles {
    /** The entry with protocol index {@code ndx}; exit 2 when no list held has it. */
    SenderFile get(int ndx) throws SessionException;

    /**
     * The client's NDX_DONE (rsync: sender.c send_files): with incremental recursion it frees the
     * oldest list, and while others remain it is echoed and ends no phase (true).
     */
    boolean listDone() throws IOException;

    /** Before the client's next request is read (rsync: send_extra_file_list, MIN_FILECNT_LOOKAHEAD). */
    void beforeRequest() throws IOException;

    /** When the client's next bytes are not there yet (rsync: io.c perform_io, extra_flist_sending_enabled). */
    void whileWaiting() throws IOException;

    /** One complete list, sorted as the client sorts it, entry i with protocol index i. */
    static SentFiles of(List<SenderFile> sorted) {
        return new SentFiles() {
            @Override
            public SenderFile get(int ndx) throws SessionException {
                if (ndx < 0 || ndx >= sorted.size()) {
                    throw new SessionException(ExitCode.PROTOCOL, "rsync: Invalid file index: " + ndx + " ("
                            + NdxReader.NDX_DONE + " - " + (sorted.size() - 1) + ") [sender]");
                }
                return sorted.get(ndx);
            }

            @Override
            public boolean listDone() {
                return false;
            }

            @Override
            public void beforeRequest() {
                // every entry was sent before the first request
            }

            @Override
            public void whileWaiting() {
                // nothing more to send
            }
        };
    }
}
