package byteback.server.diff;

import java.time.Duration;
import java.util.List;

/**
 * The changes from one snapshot ({@code from}) to another ({@code to}), sorted by path.
 *
 * @param method how the candidates were found
 */
public record DiffResult(String from, String to, List<Change> changes, Method method, Duration elapsed) {

    public enum Method {
        /** btrfs told which inodes changed since the older snapshot; only those were compared. */
        GENERATIONS("btrfs generations"),
        /** Both trees were walked and compared entry by entry. */
        WALK("full walk");

        private final String description;

        Method(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }
}
