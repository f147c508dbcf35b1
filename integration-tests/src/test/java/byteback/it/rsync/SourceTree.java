package byteback.it.rsync;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the source trees the rsync scenarios transfer: every entry type, odd names and modes,
 * unmapped owners, xattrs of several namespaces and lengths, ACLs, hard links, sparse files,
 * past/future/pre-1970 times, a large file; {@link #edit} then changes, deletes and retypes
 * entries for the second run. Small, so that each rsync run takes well under a second or two.
 */
public final class SourceTree {
    private SourceTree() {}

    private static final String CREATE = String.join("\n",
            "set -e",
            "cd \"$1\"",
            "mkdir -p dir/sub/deeper empty-dir 'with space' setgid-dir sticky-dir gone-dir/inner retype-dir",
            "echo hello > dir/a.txt",
            "head -c 5000 /dev/urandom > dir/sub/random.bin",
            ": > empty-file",
            "printf 'x%.0s' $(seq 1 1000) > dir/sub/deeper/xs",
            "echo spaced > 'with space/file with  spaces'",
            "echo nl > \"$(printf 'new\\nline')\"",
            "echo utf > 'ünïcödé-ファイル'",
            "echo dash > ./-leading-dash",
            "echo long > \"$(printf 'L%.0s' $(seq 1 255))\"",
            "echo suid > suid; chmod 4755 suid",
            "echo sgid > sgid; chmod 2711 sgid",
            "chmod 2775 setgid-dir; chmod 1777 sticky-dir",
            "echo none > no-perms; chmod 000 no-perms",
            "echo ro > read-only; chmod 444 read-only",
            "echo owned > owned; chown 12345:54321 owned",
            "chown 23456:65432 dir/sub",
            "ln -s dir/a.txt link-rel; ln -s /etc/hostname link-abs; ln -s nowhere link-dangling",
            "ln -s 'with space' link-to-dir",
            "mkfifo fifo",
            "mknod chardev c 1 3; mknod blockdev b 7 200",
            "echo linked > hard1; ln hard1 hard2; ln hard1 dir/hard3",
            "setfattr -n user.short -v value dir/a.txt",
            "setfattr -n user.long -v \"$(printf 'v%.0s' $(seq 1 100))\" dir/a.txt",
            "setfattr -n trusted.secret -v trusted-value owned",
            "setfattr -n trusted.big -v \"$(printf 't%.0s' $(seq 1 80))\" owned",
            "setfattr -n user.dirattr -v d dir",
            "setfattr -n user.empty empty-file",
            "echo acl > acl-file; setfacl -m u:12345:rwx,g:54321:r-x acl-file",
            "setfacl -d -m u:12345:rwx,o::r-x dir/sub",
            "truncate -s 3M sparse; printf 'middle' | dd of=sparse bs=1 seek=1500000 conv=notrunc 2>/dev/null",
            "head -c 2000000 /dev/urandom > large.bin",
            "echo retype > retype-file; echo inside > retype-dir/x; ln -s a retype-link",
            "echo gone > gone-dir/inner/f; echo gone > gone-file",
            "find . -exec touch -h -d '2020-02-02 02:02:02.222222222' {} +",
            "touch -d '1960-05-04 03:02:01.123456789' dir/sub/deeper/xs",
            "touch -d '2099-12-31 23:59:59.5' dir/a.txt",
            "touch -d '1970-01-01 00:00:00' empty-file",
            "touch -h -d '2001-02-03 04:05:06' link-rel",
            "touch -d '2010-10-10 10:10:10.000000001' dir/sub",
            "");

    private static final String EDIT = String.join("\n",
            "set -e",
            "cd \"$1\"",
            "echo changed > dir/a.txt",
            "printf 'EDIT' | dd of=large.bin bs=1 seek=100 conv=notrunc 2>/dev/null",
            "printf 'EDIT' | dd of=large.bin bs=1 seek=1000000 conv=notrunc 2>/dev/null",
            "echo tail >> large.bin",
            "rm -rf gone-dir gone-file",
            "rm retype-file; mkdir retype-file; echo now-a-dir > retype-file/f",
            "rm -rf retype-dir; echo now-a-file > retype-dir",
            "rm retype-link; echo now-a-file > retype-link",
            "chmod 600 read-only; chown 777:888 owned",
            "setfattr -x user.short dir/a.txt; setfattr -n user.added -v new dir/a.txt",
            "setfattr -n user.long -v \"$(printf 'w%.0s' $(seq 1 100))\" dir/a.txt",
            "rm hard2; echo newfile > new-file; ln new-file new-link",
            "touch -d '1999-09-09 09:09:09' dir/sub/random.bin",
            "find . -newer \"$2\" -exec touch -h -d '2021-03-03 03:03:03.333333333' {} +",
            "");

    public static void create(Path root) throws IOException, InterruptedException {
        sh(CREATE, root);
        // a socket, which the shell cannot make
        Path socket = root.resolve("socket");
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(UnixDomainSocketAddress.of(socket));
        }
        sh("touch -h -d '2020-02-02 02:02:02.222222222' \"$1\"/socket \"$1\"", root);
    }

    public static void edit(Path root) throws IOException, InterruptedException {
        Path marker = root.resolveSibling(root.getFileName() + ".edit-marker");
        java.nio.file.Files.writeString(marker, "");
        java.nio.file.Files.setLastModifiedTime(marker,
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 1000));
        try {
            sh(EDIT, root, marker.toString());
        } finally {
            java.nio.file.Files.deleteIfExists(marker);
        }
    }

    private static void sh(String script, Path root, String... more) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", "-c", script, "tree", root.toString()));
        cmd.addAll(List.of(more));
        RsyncRunner.Result r = RsyncRunner.exec(cmd, 60);
        if (r.exitCode() != 0) {
            throw new IOException("building the test tree failed: " + r.describe());
        }
    }
}
