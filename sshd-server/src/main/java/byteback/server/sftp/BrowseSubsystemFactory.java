package byteback.server.sftp;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * The one subsystem the server offers: "sftp", a read-only view of the logged-in client's own
 * directory ({@code ROOT/<client>}, {@code current} and every snapshot).
 */
public final class BrowseSubsystemFactory extends SftpSubsystemFactory {

    /** Who a channel's session is. */
    public interface Clients {
        /** The client the session logged in as with its key, or null (an invite login, or none). */
        String clientOf(ChannelSession channel);

        /** That client's directory. */
        Path directoryOf(String client);
    }

    private final Clients clients;

    public BrowseSubsystemFactory(Clients clients) {
        this.clients = clients;
        setFileSystemAccessor(ReadOnlyAccessor.INSTANCE);
    }

    @Override
    public Command createSubsystem(ChannelSession channel) throws IOException {
        String client = clients.clientOf(channel);
        if (client == null) throw new IOException("SFTP is only for a client's enrolled key");
        return new BrowseSubsystem(channel, this, client, clients.directoryOf(client));
    }
}
