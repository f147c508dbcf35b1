package byteback.server.ssh;

import byteback.server.auth.AuthorizedKeysEditor;
import byteback.server.command.ExecRequest;
import byteback.server.invite.Invites;
import byteback.server.store.Ownership;
import byteback.server.store.PrivateDirectories;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * byteback-setup-client-receive NAME PUBKEY on a session that logged in with an invite: records
 * the key with from= the client's address (as the original does from SSH_CONNECTION), creates
 * NAME/current, and uses the invite up.
 */
final class Enrolment {
    private static final Logger LOG = LoggerFactory.getLogger(Enrolment.class);

    private final ServerContext ctx;
    private final Invites.Invite invite;
    private final String address;

    Enrolment(ServerContext ctx, Invites.Invite invite, String address) {
        this.ctx = ctx;
        this.invite = invite;
        this.address = address;
    }

    Outcome run(ExecRequest.SetupClientReceive setup, OutputStream out) throws IOException {
        if (!setup.name().equals(invite.client())) {
            return Outcome.refused("this invite is for \"" + invite.client() + "\", not \"" + setup.name()
                    + "\"; run byteback-setup-client --hostname " + invite.client());
        }
        try {
            AuthorizedKeysEditor.parseKey(setup.publicKey());
        } catch (IllegalArgumentException e) {
            return Outcome.refused("the public key is not valid: " + e.getMessage());
        }
        if (!ctx.invites().consume(invite)) {
            return Outcome.refused("this invite has expired or has already been used; ask the administrator for a new"
                    + " one (byteback-server invite --name " + invite.client() + ")");
        }
        Path current = ctx.store().current(invite.client());
        Path dir = current.getParent();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) Files.createDirectory(dir);
        PrivateDirectories.secure(ctx.store(), invite.client(), Ownership.of(ctx.store().root()));
        if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) ctx.btrfs().createSubvolume(current);
        String from = ClientAddress.forFrom(address);
        boolean added = ctx.keysEditor().add(invite.client(), from, setup.publicKey());
        LOG.info("enrol client={} address={} key {}", invite.client(), address, added ? "added" : "was already listed");
        String msg = added ? "Enrolled " + invite.client() + " from " + from + ".\n"
                : "This key is already enrolled; nothing to do.\n";
        out.write(msg.getBytes(StandardCharsets.UTF_8));
        return Outcome.ok(added ? "enrolled" : "key already listed");
    }
}
