package byteback.client.backup;

import byteback.client.config.RsyncFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One backup's parameters, settled before anything runs: the sources, the excludes, the filter
 * files, the rsync options and the remote command the original's rsync would start on the
 * server. Pure data and logic.
 *
 * @param excludeFrom CONFIG_DIR/excludes when it exists (rsync --exclude-from), else null
 * @param mergeFilter CONFIG_DIR/rsync_filter when it exists (rsync --filter "merge FILE"), else null
 * @param remotePath  the path after the destination's colon ("" for the server's default)
 */
public record BackupPlan(List<String> sources, List<String> excludes, Path excludeFrom, Path mergeFilter,
        RsyncFlags flags, int ioTimeout, boolean verbose, String remotePath) {

    /** The options byteback always uses (the original's), on top of which rsync_flags adds. */
    public static final String ALWAYS = "--archive --xattrs --numeric-ids --delete-excluded --delete-during --inplace --relative";

    /**
     * The remote command, as stock rsync 3.x builds it for these options (rsync: options.c
     * server_options), with --rsync-path "rsync --fake-super" as the original sets it.
     *
     * @param capabilities the client's capability letters after "-e." (which ones we offer
     *                     depends on what our sender implements)
     */
    public List<String> remoteCommand(String capabilities) {
        List<String> args = new ArrayList<>(List.of("rsync", "--fake-super", "--server"));
        StringBuilder s = new StringBuilder("-");
        if (verbose || flags.verbose()) s.append('v');
        s.append('l');
        if (flags.hardLinks()) s.append('H');
        s.append("ogDtp");
        if (flags.acls()) s.append('A');
        s.append('X'); // the original always passes --xattrs
        s.append('r');
        if (flags.checksum()) s.append('c');
        s.append('R');
        for (int i = 0; i < flags.oneFileSystem(); i++) s.append('x');
        if (flags.sparse()) s.append('S');
        if (flags.compress()) s.append('z');
        s.append("e.").append(capabilities);
        args.add(s.toString());
        if (flags.compress() && flags.compressLevel() >= 0) args.add("--compress-level=" + flags.compressLevel());
        if (ioTimeout > 0) args.add("--timeout=" + ioTimeout);
        if (flags.bwlimitKiB() > 0) args.add("--bwlimit=" + flags.bwlimitKiB());
        args.add("--delete-during");
        args.add("--delete-excluded");
        args.add("--numeric-ids");
        args.add("--inplace");
        args.add(".");
        args.add(remotePath.isEmpty() ? "." : remotePath);
        return args;
    }
}
