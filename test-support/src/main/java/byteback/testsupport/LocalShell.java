package byteback.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The local "remote shell" for rsync's {@code -e}: it drops the host argument and runs the remote
 * command here with {@code sh -c}, as ssh would on the remote host.
 */
public final class LocalShell {
    private LocalShell() {}

    /** Writes the wrapper script into {@code dir} and returns its path. */
    public static Path create(Path dir) throws IOException {
        Path wrapper = dir.resolve("rsh-wrapper");
        Files.writeString(wrapper, "#!/bin/sh\nshift\nexec sh -c \"$*\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        return wrapper;
    }
}
