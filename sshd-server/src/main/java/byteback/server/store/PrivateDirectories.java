package byteback.server.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * ROOT/.ssh, ROOT/.byteback and every ROOT/client are mode 0700 and belong to ROOT's owner (SPEC
 * section 9), so that no other local user can reach into a client's tree, where a client may store
 * directories of mode 0777, and swap something there for a symlink. Modes inside current are left
 * as rsync --fake-super stores them.
 */
public final class PrivateDirectories {
    private PrivateDirectories() {}

    /** Makes the server's own directories and every client's private; returns what could not be made so. */
    public static List<String> secureAll(Store store, Ownership owner) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of(".ssh", ".byteback"));
        names.addAll(store.clients());
        try (Beneath root = Beneath.root(store.root())) {
            for (String name : names) {
                try {
                    root.makePrivate(name, owner);
                } catch (IOException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return problems;
    }

    /** Makes ROOT/client private (after enrolment created it). */
    public static void secure(Store store, String client, Ownership owner) throws IOException {
        try (Beneath root = Beneath.root(store.root())) {
            root.makePrivate(store.clientDir(client).getFileName().toString(), owner);
        }
    }
}
