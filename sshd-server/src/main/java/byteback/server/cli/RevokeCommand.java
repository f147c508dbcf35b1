package byteback.server.cli;

import byteback.server.auth.AuthorizedKeysEditor;
import byteback.server.auth.ClientName;
import byteback.server.store.Ownership;
import byteback.server.store.Store;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Removes the client's keys from ROOT/.ssh/authorized_keys. Its backups and snapshots stay.")
final class RevokeCommand implements Callable<Integer> {
    @Mixin RootOption root;

    @Option(names = "--name", required = true, description = "the client's name")
    String name;

    @Override
    public Integer call() throws IOException {
        ClientName.check(name);
        Store store = root.existingStore();
        int removed = new AuthorizedKeysEditor(store.authorizedKeys(), Ownership.of(store.root())).revoke(name);
        if (removed == 0) {
            System.err.println("byteback-server revoke: no key of " + name + " in " + store.authorizedKeys());
            return ExitCodes.FAILED;
        }
        System.out.println("Revoked " + removed + " key" + (removed == 1 ? "" : "s") + " of " + name
                + "; its data stays in " + store.clientDir(name));
        return ExitCodes.OK;
    }
}
