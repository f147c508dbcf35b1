package byteback.rsync.server;

import byteback.rsync.filter.FilterCostException;
import byteback.rsync.filter.FilterException;
import byteback.rsync.filter.FilterList;
import byteback.rsync.filter.Match;
import byteback.rsync.filter.PathFilters;
import byteback.rsync.store.StorePath;
import byteback.rsync.receiver.DeletionFilter;
import byteback.rsync.options.Role;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.protocol.SessionException;
import byteback.rsync.receiver.FileListSource;
import byteback.rsync.receiver.ListedFiles;
import byteback.rsync.receiver.ReceiveSession;

/** Wires the file-list reader and the filter rules of the other packages into a session. */
final class ServerParts {
    private ServerParts() {}

    static FileListSource fileListSource() {
        return new ListedFiles();
    }

    static ReceiveSession.DeletionFilterFactory filterFactory() {
        return (rules, options, store) -> {
            if (rules.isEmpty()) {
                return DeletionFilter.NONE;
            }
            FilterList filters;
            try {
                filters = FilterList.parseWire(rules, Role.RECEIVER, options.deleteExcluded());
            } catch (FilterException e) {
                throw new SessionException(ExitCode.PROTOCOL, "rsync: " + e.getMessage());
            }
            // per-directory merge files (dir-merge, -F) are read from the destination as deletion
            // reaches each directory
            PathFilters paths = new PathFilters(filters, new StoreMergeFiles(store));
            return new DeletionFilter() {
                @Override
                public boolean protects(StorePath path, boolean isDir) throws SessionException {
                    return protects(path, isDir, false);
                }

                @Override
                public boolean protects(StorePath path, boolean isDir, boolean ignorePerishable)
                        throws SessionException {
                    try {
                        return paths.check(path.bytes(), isDir, ignorePerishable) == Match.EXCLUDED;
                    } catch (FilterException e) {
                        throw new SessionException(ExitCode.SYNTAX, "rsync: " + e.getMessage());
                    } catch (FilterCostException e) {
                        throw new SessionException(ExitCode.PROTOCOL, "rsync: " + e.getMessage());
                    }
                }
            };
        };
    }
}
