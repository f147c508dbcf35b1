package byteback.server.sftp;

import byteback.server.diff.DiffFormat;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpHelper;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemConfigurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sshd's SFTP subsystem, read-only, over one client's {@link ClientView}. Requests that would
 * change anything are answered "permission denied" before sshd looks at them (and the
 * {@link ReadOnlyAccessor} refuses them again); of the extensions only those that read nothing
 * from the disc are served. Attributes carry the client's full mode (set-id bits and device,
 * fifo and socket types included), which sshd's own encoding would drop.
 */
final class BrowseSubsystem extends SftpSubsystem {
    private static final Logger LOG = LoggerFactory.getLogger(BrowseSubsystem.class);

    /** Request types that change the tree. */
    private static final Set<Integer> CHANGES = Set.of(SftpConstants.SSH_FXP_WRITE, SftpConstants.SSH_FXP_SETSTAT,
            SftpConstants.SSH_FXP_FSETSTAT, SftpConstants.SSH_FXP_REMOVE, SftpConstants.SSH_FXP_MKDIR,
            SftpConstants.SSH_FXP_RMDIR, SftpConstants.SSH_FXP_RENAME, SftpConstants.SSH_FXP_SYMLINK,
            SftpConstants.SSH_FXP_LINK, SftpConstants.SSH_FXP_BLOCK, SftpConstants.SSH_FXP_UNBLOCK);

    /** Extensions served: none of them touches a file. */
    private static final Set<String> SAFE_EXTENSIONS = Set.of("limits@openssh.com", "expand-path@openssh.com",
            "home-directory", "users-groups-by-id@openssh.com", SftpConstants.EXT_VERSION_SELECT);

    private static final DateTimeFormatter LONG_TIME = DateTimeFormatter.ofPattern("MMM dd  yyyy").withZone(ZoneOffset.UTC);

    private final ClientView view;
    private final FileSystem rooted;
    private final String client;

    BrowseSubsystem(ChannelSession channel, SftpSubsystemConfigurator configurator, String client, Path clientDir)
            throws IOException {
        super(channel, configurator);
        this.client = client;
        this.view = new ClientView(clientDir);
        this.rooted = new RootedFileSystemProvider().newFileSystem(clientDir, Collections.emptyMap());
        super.setFileSystem(rooted);
    }

    ClientView view() {
        return view;
    }

    /** The client's directory is the file system, whatever the server's file system factory says. */
    @Override
    public void setFileSystem(FileSystem fileSystem) {
        if (fileSystem == rooted) super.setFileSystem(fileSystem);
    }

    @Override
    protected void doProcess(Buffer buffer, int length, int type, int id) throws IOException {
        if (CHANGES.contains(type)) {
            LOG.info("sftp: refused request type {} for client={} (read-only)", type, client);
            sendStatus(prepareReply(buffer), id, SftpConstants.SSH_FX_PERMISSION_DENIED,
                    "read-only: backups cannot be changed over SFTP");
            return;
        }
        super.doProcess(buffer, length, type, id);
    }

    @Override
    protected void executeExtendedCommand(Buffer buffer, int id, String extension) throws IOException {
        if (SAFE_EXTENSIONS.contains(extension)) {
            super.executeExtendedCommand(buffer, id, extension);
            return;
        }
        sendStatus(prepareReply(buffer), id, SftpConstants.SSH_FX_OP_UNSUPPORTED,
                "extension " + extension + " is not served by this read-only view");
    }

    @Override
    protected void writeAttrs(Buffer buffer, Map<String, ?> attributes) {
        Object mode = attributes.get(ClientView.MODE);
        if (getVersion() != SftpConstants.SFTP_V3 || !(mode instanceof Integer m)) {
            super.writeAttrs(buffer, attributes);
            return;
        }
        // draft-ietf-secsh-filexfer-02 section 5: size, uid/gid, permissions (the full st_mode), atime/mtime
        buffer.putInt(SftpConstants.SSH_FILEXFER_ATTR_SIZE | SftpConstants.SSH_FILEXFER_ATTR_UIDGID
                | SftpConstants.SSH_FILEXFER_ATTR_PERMISSIONS | SftpConstants.SSH_FILEXFER_ATTR_ACMODTIME);
        buffer.putLong(((Number) attributes.get("size")).longValue());
        buffer.putInt(((Number) attributes.get("uid")).intValue());
        buffer.putInt(((Number) attributes.get("gid")).intValue());
        buffer.putInt(m);
        FileTime t = (FileTime) attributes.get("lastModifiedTime");
        int seconds = (int) Math.max(0, Math.min(0xffffffffL, t.toMillis() / 1000));
        buffer.putInt(seconds);
        buffer.putInt(seconds);
    }

    /** {@code ls -l}'s line, as OpenSSH's sftp shows it for {@code ls -l}. */
    @Override
    protected String getLongName(Path f, String shortName, Map<String, ?> attributes) throws IOException {
        Object mode = attributes.get(ClientView.MODE);
        if (!(mode instanceof Integer m)) return SftpHelper.getLongName(shortName, attributes);
        FileTime t = (FileTime) attributes.get("lastModifiedTime");
        return String.format("%s %3s %-8s %-8s %8d %s %s", DiffFormat.modeString(m), attributes.get("nlink"),
                Integer.toUnsignedString(((Number) attributes.get("uid")).intValue()),
                Integer.toUnsignedString(((Number) attributes.get("gid")).intValue()),
                ((Number) attributes.get("size")).longValue(), LONG_TIME.format(t.toInstant()), shortName);
    }

    @Override
    public void destroy(ChannelSession channel) {
        try {
            super.destroy(channel);
        } finally {
            try {
                view.close();
            } catch (IOException e) {
                LOG.debug("sftp: closing the view of {}: {}", client, e.toString());
            }
        }
    }
}
