package byteback.rsync.server;

import byteback.rsync.filter.FilterException;
import byteback.rsync.filter.FilterList;
import byteback.rsync.generator.DeletionFilter;
import byteback.rsync.options.Role;
import byteback.rsync.session.ExitCode;
import byteback.rsync.session.SessionException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
        return (rules, options) -> {
            if (rules.isEmpty()) {
                return DeletionFilter.NONE;
            }
            List<String> text = new ArrayList<>(rules.size());
            for (byte[] r : rules) {
                text.add(new String(r, StandardCharsets.UTF_8));
            }
            FilterList filters;
            try {
                filters = FilterList.parse(text, Role.RECEIVER, options.deleteExcluded());
            } catch (FilterException e) {
                throw new SessionException(ExitCode.PROTOCOL, "rsync: " + e.getMessage());
            }
            return (path, isDir) -> filters.isExcluded(new String(path.bytes(), StandardCharsets.UTF_8), isDir);
        };
    }
}
