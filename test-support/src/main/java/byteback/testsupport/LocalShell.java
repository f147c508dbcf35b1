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

    /**
     * A remote shell that passes exactly the client's first {@code bytes} bytes to the remote
     * command, each as soon as it arrives, and then holds the command's input open without passing
     * anything more (the rest is read and discarded), so the remote side is certainly stuck waiting
     * in the middle of the transfer, whatever the machine's speed or the pipe's chunk sizes. When all
     * {@code bytes} have been passed it creates the file {@link #passedMarker(Path)}. The command's
     * input ends only when the client's output does (the client ended or was killed).
     *
     * <p>(A shell pipeline cannot do this: {@code dd iflag=count_bytes} without {@code fullblock}
     * counts reads, not bytes, and {@code { dd …; cat >/dev/null; }} under dash execs {@code cat}
     * with its output moved to /dev/null, which closes the last write end of the pipe, so the
     * command sees end-of-file instead of a stall.)
     */
    public static Path holding(Path dir, long bytes) throws IOException {
        return writeHolding(dir, bytes, "['sh', '-c', ' '.join(sys.argv[2:])]");
    }

    /**
     * As {@link #holding(Path, long)} in front of a real remote shell: the client's first {@code
     * bytes} bytes go to {@code remoteShell} (e.g. an ssh command line, split on blanks as rsync's
     * {@code -e} is) with rsync's arguments (host and command) appended, then nothing more.
     */
    public static Path holding(Path dir, long bytes, String remoteShell) throws IOException {
        return writeHolding(dir, bytes, pyString(remoteShell) + ".split() + sys.argv[1:]");
    }

    private static Path writeHolding(Path dir, long bytes, String childCommand) throws IOException {
        Path wrapper = dir.resolve("holding-rsh");
        Files.writeString(wrapper, String.join("\n",
                "#!/usr/bin/python3",
                "import os, subprocess, sys",
                "left = " + bytes,
                "marker = " + pyString(passedMarker(dir).toString()),
                "child = subprocess.Popen(" + childCommand + ", stdin=subprocess.PIPE)",
                "to_child = child.stdin.fileno()",
                "while True:",
                "    data = os.read(0, 65536)",
                "    if not data:",
                "        break",
                "    if left > 0:",
                "        part = data[:left]",
                "        view = memoryview(part)",
                "        while view:",
                "            view = view[os.write(to_child, view):]",
                "        left -= len(part)",
                "        if left == 0:",
                "            open(marker, 'w').close()",
                "child.stdin.close()",
                "sys.exit(child.wait())",
                ""));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        return wrapper;
    }

    /** The file {@link #holding} creates in {@code dir} once it has passed all its bytes. */
    public static Path passedMarker(Path dir) {
        return dir.resolve("holding-rsh.passed");
    }

    private static String pyString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
