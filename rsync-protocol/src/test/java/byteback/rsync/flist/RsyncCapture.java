package byteback.rsync.flist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs stock rsync as a client against the stock rsync receiver through a remote-shell script
 * that records what the client sends, then strips the protocol setup and demultiplexes it.
 */
final class RsyncCapture {
    /**
     * The client's data stream after the setup, demultiplexed, the server arguments, and the
     * multiplexed frames as sent (after the setup).
     */
    record Captured(byte[] data, String serverArgs, String output, byte[] frames) {
        Captured(byte[] data, String serverArgs, String output) {
            this(data, serverArgs, output, new byte[0]);
        }

        boolean compat(char c) {
            for (String w : serverArgs.split(" ")) {
                if (w.startsWith("-") && w.contains("e.")) {
                    return w.substring(w.indexOf("e.") + 2).indexOf(c) >= 0;
                }
            }
            return false;
        }
    }

    private RsyncCapture() {}

    /**
     * @param work         a scratch directory (the script, the capture and the destination go there)
     * @param dropCompat   capability letters to remove from the client's "-e." string before the
     *                     real server sees it (e.g. "v" for the pre-3.2 byte-flag file list); 'i'
     *                     (incremental recursion) is always removed, as byteback's server declines it
     * @param rsyncArgs    options and the source, e.g. ["-aHAX", "--protocol=30", "src/"]
     */
    static Captured capture(Path work, String dropCompat, List<String> rsyncArgs)
            throws IOException, InterruptedException {
        Path script = work.resolve("capture-shell.sh");
        Path capture = work.resolve("capture.bin");
        Path args = work.resolve("capture.args");
        Path dest = work.resolve("dest");
        Files.createDirectories(dest);
        Files.writeString(script, "#!/bin/bash\n"
                + "shift\n" // the host name
                + "a=()\n"
                + "for w in \"$@\"; do\n"
                + "  case \"$w\" in -[!-]*e.*) pre=\"${w%%e.*}\"; suf=\"${w#*e.}\";"
                + " suf=$(printf '%s' \"$suf\" | tr -d 'i" + dropCompat + "'); w=\"${pre}e.${suf}\";; esac\n"
                + "  a+=(\"$w\")\n"
                + "done\n"
                + "printf '%s ' \"${a[@]}\" > '" + args + "'\n"
                + "exec \"${a[@]}\" < <(exec tee '" + capture + "')\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        List<String> cmd = new ArrayList<>(List.of("rsync", "-e", script.toString()));
        cmd.addAll(rsyncArgs);
        cmd.add("localhost:" + dest + "/");
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                .start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("rsync did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IOException("rsync failed (" + p.exitValue() + "): "
                    + new String(output, StandardCharsets.UTF_8));
        }
        String serverArgs = Files.readString(args).trim();
        byte[] raw = Files.readAllBytes(capture);
        int setup = setupLength(raw, serverArgs);
        return new Captured(demultiplex(raw, serverArgs), serverArgs,
                new String(output, StandardCharsets.UTF_8), Arrays.copyOfRange(raw, setup, raw.length));
    }

    /**
     * The client sends its protocol version (4 bytes), with the 'v' capability its checksum list
     * (a vstring), then multiplexed frames: a 4-byte little-endian header (tag+7 in the top byte,
     * length below) and the payload; MSG_DATA (tag 0) frames carry the data stream.
     */
    private static byte[] demultiplex(byte[] raw, String serverArgs) throws IOException {
        int pos = setupLength(raw, serverArgs);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        while (pos + 4 <= raw.length) {
            int h = (raw[pos] & 0xff) | (raw[pos + 1] & 0xff) << 8 | (raw[pos + 2] & 0xff) << 16
                    | (raw[pos + 3] & 0xff) << 24;
            pos += 4;
            int tag = (h >>> 24) - 7;
            int len = h & 0xffffff;
            if (tag < 0 || pos + len > raw.length) {
                throw new IOException("bad multiplex header at " + (pos - 4));
            }
            if (tag == 0) {
                data.write(raw, pos, len);
            }
            pos += len;
        }
        return data.toByteArray();
    }

    /** Bytes before the first multiplexed frame: the protocol version and the checksum list. */
    private static int setupLength(byte[] raw, String serverArgs) {
        Captured probe = new Captured(new byte[0], serverArgs, "");
        int pos = 4;
        if (probe.compat('v')) {
            int len = raw[pos++] & 0xff;
            if ((len & 0x80) != 0) {
                len = (len & 0x7f) * 0x100 + (raw[pos++] & 0xff);
            }
            pos += len;
        }
        return pos;
    }
}
