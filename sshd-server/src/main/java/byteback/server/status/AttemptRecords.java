package byteback.server.status;

import byteback.server.auth.ClientName;
import byteback.server.store.Ownership;
import byteback.server.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Every client's {@link ClientRecord} on disc, one file a client: {@code ROOT/.byteback/status/<client>}.
 * The server writes them (one writer per process: updates are serialised here); {@code status}
 * and the metrics read them at any time and see a whole file, old or new.
 */
public final class AttemptRecords {
    public static final String DIRECTORY = "status";

    private final StateFiles files;

    public AttemptRecords(Store store, Ownership ownership) {
        this.files = new StateFiles(store.root(), ownership, store.stateDir().getFileName().toString(), DIRECTORY);
    }

    public Path directory() {
        return files.path();
    }

    /** The client's record; {@link ClientRecord#EMPTY} when it has none yet. */
    public ClientRecord load(String client) throws IOException {
        return files.read(ClientName.check(client))
                .map(b -> ClientRecordFormat.parse(new String(b, StandardCharsets.UTF_8)))
                .orElse(ClientRecord.EMPTY);
    }

    /** Reads, changes and durably replaces the client's record. */
    public synchronized ClientRecord update(String client, UnaryOperator<ClientRecord> change) throws IOException {
        ClientRecord next = change.apply(load(client));
        files.write(ClientName.check(client), ClientRecordFormat.format(next).getBytes(StandardCharsets.UTF_8));
        return next;
    }
}
