package byteback.rsync.server;

import byteback.rsync.generator.DeletionFilter;
import byteback.rsync.session.FileListSource;
import byteback.rsync.session.ListedFiles;
import byteback.rsync.session.ReceiveSession;

/** Wires the file-list reader and the filter rules of the other packages into a session. */
final class ServerParts {
    private ServerParts() {}

    static FileListSource fileListSource() {
        return new ListedFiles();
    }

    static ReceiveSession.DeletionFilterFactory filterFactory() {
        return (rules, options) -> DeletionFilter.NONE;
    }
}
