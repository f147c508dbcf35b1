package byteback.rsync.flist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the fuzz seeds of src/test/resources/fuzz/ from stock rsync 3.5.0 (as root, from the
 * module directory, after test-compile):
 * {@code java -cp target/test-classes:target/classes byteback.rsync.flist.FuzzSeedRecorder src/test/resources/fuzz}.
 * For each of {@link FileListFuzzTest#CONFIGS} a real client sends a small tree with every kind
 * of entry (hard links, symlinks, devices, a fifo, xattrs in several namespaces, ACLs, odd names)
 * to the stock receiver; kept are {@code flist-N.bin} (the config number, then the client's
 * demultiplexed data stream: the file list and what follows) and {@code frames-N.bin} (the
 * multiplexed frames as sent).
 */
public final class FuzzSeedRecorder {
    private FuzzSeedRecorder() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("fuzz-seeds-");
        Path src = work.resolve("src");
        RealStreamTest.sh("set -e; S='" + src + "'\n"
                + "mkdir -p \"$S/dir/sub\" \"$S/with space\" \"$S/empty\"\n"
                + "printf 'hello\\n' > \"$S/dir/file\"; : > \"$S/empty-file\"\n"
                + "head -c 3000 /dev/urandom > \"$S/dir/sub/big\"\n"
                + "printf x > \"$S/with space/a b\"; printf y > \"$S/new\nline\"\n"
                + "printf z > \"$S/\u00fcn\u00efc\u00f8d\u00e9\"\n"
                + "ln -s dir/file \"$S/link\"; ln -s /nonexistent/target \"$S/dangling\"\n"
                + "printf h > \"$S/hard1\"; ln \"$S/hard1\" \"$S/dir/hard2\"; ln \"$S/hard1\" \"$S/hard3\"\n"
                + "mkfifo \"$S/fifo\"; mknod \"$S/chr\" c 1 3; mknod \"$S/blk\" b 7 200\n"
                + "chmod 4755 \"$S/dir/file\"; chmod 1777 \"$S/empty\"\n"
                + "chown 12345:54321 \"$S/with space/a b\"; chown 0:100 \"$S/dir/file\"\n"
                + "setfattr -n user.small -v short \"$S/dir/file\"\n"
                + "setfattr -n user.big -v \"$(head -c 100 /dev/zero | tr '\\0' A)\" \"$S/dir/file\"\n"
                + "setfattr -n trusted.t -v tval \"$S/dir/file\"\n"
                + "setfattr -n user.small -v short \"$S/hard1\"\n"
                + "setfacl -m u:1234:rx,g:4321:r \"$S/dir/sub/big\"\n"
                + "setfacl -d -m u:1234:rwx \"$S/dir\"\n"
                + "touch -h -d '1960-05-06 07:08:09' \"$S/with space/a b\"\n"
                + "touch -h -d '2020-01-02 03:04:05.123456789' \"$S/dir/sub/big\"\n");
        try {
            for (int i = 0; i < FileListFuzzTest.CONFIGS.size(); i++) {
                FileListFuzzTest.Capture c = FileListFuzzTest.CONFIGS.get(i);
                List<String> rsyncArgs = new ArrayList<>(c.rsyncArgs());
                rsyncArgs.add("--protocol=" + c.protocol());
                rsyncArgs.add("src/");
                RsyncCapture.Captured cap = RsyncCapture.capture(work, c.dropCompat(), rsyncArgs);
                BytesWireInput in = new BytesWireInput(cap.data());
                new FileListReader(c.config()).read(in); // the list alone: what follows is not a list
                byte[] flist = new byte[in.position() + 1];
                flist[0] = (byte) i;
                System.arraycopy(cap.data(), 0, flist, 1, in.position());
                Files.write(out.resolve("flist-" + i + ".bin"), flist);
                Files.write(out.resolve("frames-" + i + ".bin"), cap.frames());
                System.out.println(i + ": " + cap.serverArgs() + ": " + flist.length + " + " + cap.frames().length);
                RealStreamTest.sh("rm -rf '" + work.resolve("dest") + "'");
            }
        } finally {
            RealStreamTest.sh("rm -rf '" + work + "'");
        }
    }
}
