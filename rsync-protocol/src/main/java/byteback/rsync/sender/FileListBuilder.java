package byteback.rsync.sender;

import byteback.rsync.filter.FilterList;
import byteback.rsync.filter.Match;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.protocol.FileMode;
import byteback.rsync.protocol.SessionException;
import byteback.rsync.protocol.XFlags;
import byteback.rsync.session.ClientMessages;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.UnsafePathException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks the source tree from the client's PATH arguments and sends each entry as it is found
 * (rsync: flist.c send_file_list, send_file_name, send_if_directory, send_directory,
 * send_implied_dirs), applying the client's filter rules. Every argument is resolved beneath the
 * tree's root: an absolute name or a {@code ..} is refused; the tree never follows a symlink.
 */
final class FileListBuilder {
    /** Something that sends one entry as soon as it is listed. */
    interface EntrySink {
        void send(SenderFile f, int ndx) throws IOException;
    }

    private final SourceTree tree;
    private final FilterList filters;
    private final ClientMessages messages;
    private final boolean recurse;
    private final boolean dirs;
    private final boolean relative;
    private final boolean links;
    private final EntrySink sink;
    private final List<SenderFile> files = new ArrayList<>();
    private final Set<String> impliedSent = new HashSet<>();
    private final long maxFiles;
    private int ioError;

    FileListBuilder(SourceTree tree, FilterList filters, ClientMessages messages, boolean recurse, boolean dirs,
            boolean relative, boolean links, long maxFiles, EntrySink sink) {
        this.tree = tree;
        this.filters = filters;
        this.messages = messages;
        this.recurse = recurse;
        this.dirs = dirs || recurse;
        this.relative = relative;
        this.links = links;
        this.maxFiles = maxFiles;
        this.sink = sink;
    }

    /** The entries in the order they were sent. */
    List<SenderFile> files() {
        return files;
    }

    /** rsync's io_error bits for what could not be read. */
    int ioError() {
        return ioError;
    }

    /** rsync: flist.c send_file_list — one argument after another. */
    void sendArguments(List<String> args) throws IOException {
        for (String arg : args) {
            sendArgument(arg.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void sendArgument(byte[] arg) throws IOException {
        if (arg.length > 0 && arg[0] == '/') {
            throw new SessionException(ExitCode.SYNTAX, "rsync: byteback refuses the absolute path "
                    + str(arg) + ": name paths beneath your backup (current/..., <snapshot>/...)");
        }
        String s = str(arg);
        boolean dotDir;
        byte[][] base;
        byte[][] name;
        boolean impliedDotDir = false;
        if (!relative) {
            // rsync: "dir/" and "dir/." send the contents as "."; "x/.." is refused below
            boolean trailing = s.isEmpty() || s.endsWith("/") || s.equals(".") || s.endsWith("/.");
            byte[][] parts = clean(s);
            dotDir = trailing || parts.length == 0;
            if (dotDir) {
                base = parts;
                name = new byte[0][];
            } else {
                base = Arrays.copyOf(parts, parts.length - 1);
                name = new byte[][] {parts[parts.length - 1]};
            }
        } else {
            int cut = s.indexOf("/./");
            String dir = cut >= 0 ? s.substring(0, cut) : "";
            String fn = cut >= 0 ? s.substring(cut + 3) : s;
            if (fn.startsWith("./") && fn.length() > 2) {
                impliedDotDir = true;
            }
            base = clean(dir);
            name = clean(fn);
            dotDir = name.length == 0;
        }
        StorePath basePath = toPath(base, arg);
        if (impliedDotDir && impliedSent.add("")) {
            SourceEntry root = tree.stat(basePath);
            if (root != null && root.isDirectory()) {
                add(new SenderFile(basePath, new byte[] {'.'}, root, null, SenderFile.IMPLIED_DIR));
            }
        }
        StorePath path = basePath;
        for (byte[] c : name) {
            path = resolve(path, c, arg);
        }
        byte[] wireName = dotDir ? new byte[] {'.'} : join(name, name.length);
        SourceEntry st = tree.stat(path);
        if (st == null) {
            ioError |= XFlags.IOERR_GENERAL;
            messages.fileError("rsync: [sender] link_stat \"" + str(arg) + "\" failed: No such file or directory (2)");
            return;
        }
        if (dotDir && !st.isDirectory()) {
            // rsync would change into it (following a symlink): we never follow one on the server
            ioError |= XFlags.IOERR_GENERAL;
            messages.fileError("rsync: [sender] change_dir \"" + str(arg) + "\" failed: Not a directory (20)"
                    + (FileMode.isSymlink(st.mode()) ? " -- it is a symlink, which byteback never follows" : ""));
            return;
        }
        if (!dotDir && isExcluded(wireName, st.isDirectory())) {
            return;
        }
        if (st.isDirectory() && !dirs) {
            messages.info("skipping directory " + str(wireName));
            return;
        }
        if (relative && name.length > 1) {
            // rsync: flist.c send_implied_dirs — the parents of a --relative name, once each
            StorePath p = basePath;
            for (int i = 0; i < name.length - 1; i++) {
                p = resolve(p, name[i], arg);
                byte[] implied = join(name, i + 1);
                if (!impliedSent.add(str(implied))) {
                    continue;
                }
                SourceEntry ist = tree.stat(p);
                if (ist == null || !ist.isDirectory()) {
                    messages.fileError("rsync: [sender] implied directory " + str(implied) + " is not a directory");
                    ioError |= XFlags.IOERR_GENERAL;
                    return;
                }
                add(new SenderFile(p, implied, ist, null, SenderFile.IMPLIED_DIR));
            }
        }
        if (recurse || (dirs && dotDir)) {
            int flags = SenderFile.TOP_DIR | SenderFile.CONTENT_DIR | (recurse ? SenderFile.CONTENT_DIR : 0);
            SenderFile top = make(path, wireName, st, flags);
            if (top != null && st.isDirectory()) {
                sendDirectory(path, dotDir ? new byte[0] : wireName);
            }
        } else {
            make(path, wireName, st, 0);
        }
    }

    /** rsync: flist.c send_directory + send_if_directory (depth first, after the directory's own entries). */
    private void sendDirectory(StorePath dir, byte[] prefix) throws IOException {
        List<byte[]> names;
        try {
            names = new ArrayList<>(tree.list(dir));
        } catch (NoSuchFileException e) {
            ioError |= XFlags.IOERR_VANISHED;
            messages.warning("file has vanished: " + (prefix.length == 0 ? "." : str(prefix)));
            return;
        } catch (IOException e) {
            ioError |= XFlags.IOERR_GENERAL;
            messages.fileError("rsync: [sender] opendir " + str(prefix) + " failed: " + e.getMessage());
            return;
        }
        names.sort(Arrays::compareUnsigned);
        List<SenderFile> subdirs = new ArrayList<>();
        int flags = recurse ? SenderFile.CONTENT_DIR : 0;
        for (byte[] n : names) {
            StorePath child;
            try {
                child = dir.resolve(n);
            } catch (UnsafePathException e) {
                ioError |= XFlags.IOERR_GENERAL;
                messages.fileError("rsync: [sender] cannot send file with name " + str(n) + ": " + e.getMessage());
                continue;
            }
            byte[] wireName = prefix.length == 0 ? n : concat(prefix, n);
            SourceEntry st;
            try {
                st = tree.stat(child);
            } catch (IOException e) {
                ioError |= XFlags.IOERR_GENERAL;
                messages.fileError("rsync: [sender] readlink_stat(\"" + str(wireName) + "\") failed: " + e.getMessage());
                continue;
            }
            if (st == null) {
                ioError |= XFlags.IOERR_VANISHED;
                messages.warning("file has vanished: \"" + str(wireName) + "\"");
                continue;
            }
            if (isExcluded(wireName, st.isDirectory())) {
                continue;
            }
            SenderFile f = make(child, wireName, st, st.isDirectory() ? flags : 0);
            if (f != null && st.isDirectory()) {
                subdirs.add(f);
            }
        }
        if (recurse) {
            for (SenderFile d : subdirs) {
                sendDirectory(d.source, d.wireName);
            }
        }
    }

    /** rsync: flist.c make_file + send_file_name. */
    private SenderFile make(StorePath path, byte[] wireName, SourceEntry st, int flags) throws IOException {
        int mode = st.mode();
        if (!FileMode.isDirectory(mode)) {
            flags &= ~SenderFile.CONTENT_DIR;
        }
        byte[] target = null;
        if (FileMode.isSymlink(mode) && links) {
            // without -l the entry goes without its target and the client skips it (rsync does so)
            target = tree.readLink(path);
            if (target.length == 0) {
                ioError |= XFlags.IOERR_GENERAL;
                messages.fileError("skipping symlink with 0-length value: \"" + str(wireName) + "\"");
                return null;
            }
        }
        SenderFile f = new SenderFile(path, wireName, st, target, flags);
        return add(f);
    }

    private SenderFile add(SenderFile f) throws IOException {
        if (files.size() >= maxFiles) {
            throw new SessionException(ExitCode.MALLOC, "rsync: the file list has more than " + maxFiles
                    + " entries, the limit of this server");
        }
        sink.send(f, files.size());
        files.add(f);
        return f;
    }

    private boolean isExcluded(byte[] wireName, boolean isDir) {
        return filters.check(wireName, isDir) == Match.EXCLUDED;
    }

    /** Components of a client's path without empty and "." ones; ".." is refused. */
    private static byte[][] clean(String s) throws SessionException {
        List<byte[]> out = new ArrayList<>();
        for (String c : s.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw new SessionException(ExitCode.SYNTAX, "rsync: byteback refuses \"..\" in the path " + s
                        + ": name paths beneath your backup");
            }
            out.add(c.getBytes(StandardCharsets.UTF_8));
        }
        return out.toArray(new byte[0][]);
    }

    private static StorePath toPath(byte[][] parts, byte[] arg) throws SessionException {
        StorePath p = StorePath.ROOT;
        for (byte[] c : parts) {
            p = resolve(p, c, arg);
        }
        return p;
    }

    private static StorePath resolve(StorePath p, byte[] c, byte[] arg) throws SessionException {
        try {
            return p.resolve(c);
        } catch (UnsafePathException e) {
            throw new SessionException(ExitCode.SYNTAX, "rsync: byteback refuses the path " + str(arg) + ": "
                    + e.getMessage());
        }
    }

    private static byte[] join(byte[][] parts, int n) {
        int len = 0;
        for (int i = 0; i < n; i++) {
            len += parts[i].length + (i > 0 ? 1 : 0);
        }
        byte[] b = new byte[len];
        int o = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                b[o++] = '/';
            }
            System.arraycopy(parts[i], 0, b, o, parts[i].length);
            o += parts[i].length;
        }
        return b;
    }

    private static byte[] concat(byte[] prefix, byte[] name) {
        byte[] b = Arrays.copyOf(prefix, prefix.length + 1 + name.length);
        b[prefix.length] = '/';
        System.arraycopy(name, 0, b, prefix.length + 1, name.length);
        return b;
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
