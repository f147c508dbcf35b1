package byteback.server.store;

import java.nio.file.Path;
import java.time.Instant;

/** A frozen copy of a client's current: ROOT/client/name, name being its time. */
public record Snapshot(String client, String name, Path path, Instant time) {}
