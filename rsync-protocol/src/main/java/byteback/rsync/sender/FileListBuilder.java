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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks the source tree from the client's PATH arguments and sends each entry as it is found
 * (rsync: flist.c send_file_list, send_file_name, send_if_directory, send_directory,
 * send_implied_dirs), applying the client's filter rules. Every argument is resolved beneath the
 * tree's root: an absolute name or a {@code ..} is refused; the tree never follows a symlink.
 *
 * <p>With incremental recursion (rsync: inc_recurse) the walk is cut into lists: the first holds
 * the arguments (and the contents of a "." argument), each later one the contents of one
 * directory ({@link #sendDirectoryList}); directories are listed but not entered (rsync:
 * FLAG_DIVERT_DIRS). A --relative name's parents come one level per list: the first list has its
 * first component as an implied directory, which remembers the rest of the name (rsync:
 * F_DIR_RELNAMES) for its own list, and so on down to the name itself.
 */
final class FileListBuilder {
    /** Something that sends one entry as soon as it is listed. */
    interface EntrySink {
        /**
         * @param ndx      the entry's protocol index in the order sent
         * @param firstNdx the protocol index of its list's first entry
         */
        void send(SenderFile f, int ndx, int firstNdx) throws IOException;
    }

    private final SourceTree tree;
    private final FilterList filters;
    private final ClientMessages messages;
    private final boolean recurse;
    private final boolean dirs;
    private final boolean relative;
    private final boolean links;
    private final EntrySink sink;
    private final boolean incremental;
    /** The entries of the list being sent (all of them without incremental recursion), in the order sent. */
    private List<SenderFile> files = new ArrayList<>();
    /** The protocol index of the list's first entry. */
    private int ndxStart;
    private final Set<String> impliedSent = new HashSet<>();
    /** Incremental: the implied directories of the list being sent, by their place in the tree. */
    private final Map<StorePath, SenderFile> impliedInList = new HashMap<>();
    private final long maxFiles;
    private int ioError;

    FileListBuilder(SourceTree tree, FilterList filters, ClientMessages messages, boolean recurse, boolean dirs,
            boolean relative, boolean links, long maxFiles, EntrySink sink) {
        this(tree, filters, messages, recurse, dirs, relative, links, maxFiles, sink, false, 0);
    }

    /**
     * @param incremental incremental recursion: lists as described above
     * @param ndxStart    the protocol index of the first list's first entry (rsync: 1 with
     *                    incremental recursion, else 0)
     */
    FileListBuilder(SourceTree tree, FilterList filters, ClientMessages messages, boolean recurse, boolean dirs,
            boolean relative, boolean links, long maxFiles, EntrySink sink, boolean incremental, int ndxStart) {
        this.incremental = incremental;
        this.ndxStart = ndxStart;
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

    /** The entries of the list sent last, in the order they were sent. */
    List<SenderFile> files() {
        return files;
    }

    /**
     * rsync: flist.c send_extra_file_list + send1extra — the list of one directory: the contents
     * of each of its {@code parts} that is a content directory (several parts: the same name
     * listed twice, rsync's FLAG_DUPLICATE), then the --relative names they lead to. Its entries
     * get protocol indices from {@code start} on.
     */
    void sendDirectoryList(List<SenderFile> parts, int start) throws IOException {
        files = new ArrayList<>();
        ndxStart = start;
        impliedInList.clear();
        for (SenderFile part : parts) {
            if ((part.flags & SenderFile.CONTENT_DIR) != 0) {
                sendDirectory(part.source, part.wireName);
            }
            List<byte[][]> rel = part.takeRelNames();
            if (rel == null) {
                continue;
            }
            for (byte[][] rest : rel) {
                StorePath child;
                try {
                    child = part.source.resolve(rest[0]);
                } catch (UnsafePathException e) {
                    ioError |= XFlags.IOERR_GENERAL;
                    messages.fileError("rsync: [sender] cannot send file with name " + str(rest[0]) + ": "
                            + e.getMessage());
                    continue;
                }
                byte[] wireName = concat(part.wireName, rest[0]);
                if (rest.length > 1) {
                    addImplied(child, wireName, Arrays.copyOfRange(rest, 1, rest.length));
                    continue;
                }
                SourceEntry st = tree.stat(child);
                if (st == null) {
                    ioError |= XFlags.IOERR_VANISHED;
                    messages.warning("file has vanished: \"" + str(wireName) + "\"");
                    continue;
                }
                if (isExcluded(wireName, st.isDirectory())) {
                    continue;
                }
                make(child, wireName, st, SenderFile.TOP_DIR | (recurse ? SenderFile.CONTENT_DIR : 0));
            }
        }
    }

    /**
     * rsync: flist.c send_implied_dirs with inc_recurse — a --relative name's next parent, once
     * per list, remembering what of the name lies below it.
     */
    private void addImplied(StorePath p, byte[] wireName, byte[][] rest) throws IOException {
        SenderFile known = impliedInList.get(p);
        if (known != null) {
            known.addRelName(rest);
            return;
        }
        SourceEntry st = tree.stat(p);
        if (st == null || !st.isDirectory()) {
            messages.fileError("rsync: [sender] implied directory " + str(wireName) + " is not a directory");
            ioError |= XFlags.IOERR_GENERAL;
            return;
        }
        SenderFile f = add(new SenderFile(p, wireName, st, null, SenderFile.IMPLIED_DIR));
        f.addRelName(rest);
        impliedInList.put(p, f);
    }

    /** rsync's io_error bits for what could not be read. */
    int ioError() {
        return ioError;
    }

    /** rsync: flist.c send_file_list — one argument after another. */
    void sendArguments(List<byte[]> args) throws IOException {
        for (byte[] arg : args) {
            sendArgument(arg);
        }
    }

    private void sendArgument(byte[] arg) throws IOException {
        if (arg.length > 0 && arg[0] == '/') {
            throw new SessionException(ExitCode.SYNTAX, "rsync: byteback refuses the absolute path "
                    + str(arg) + ": name paths beneath your backup (current/..., <snapshot>/...)");
        }
        // a byte per char (ISO-8859-1), so that splitting at the ASCII '/' and '.' keeps every name's bytes:
        // a name need not be UTF-8
        String s = new String(arg, StandardCharsets.ISO_8859_1);
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
        if (relative && name.length > 1 && incremental) {
            // the first component now, the rest in its list and the lists below it
            addImplied(resolve(basePath, name[0], arg), name[0], Arrays.copyOfRange(name, 1, name.length));
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
            // incremental: a named directory's contents come in its own list, a "."'s in this one
            if (top != null && st.isDirectory() && (!incremental || dotDir)) {
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
        if (recurse && !incremental) {
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
        sink.send(f, ndxStart + files.size(), ndxStart);
        files.add(f);
        return f;
    }

    private boolean isExcluded(byte[] wireName, boolean isDir) {
        return filters.check(wireName, isDir) == Match.EXCLUDED;
    }

    /** Components of a client's path without empty and "." ones; ".." is refused. */
    /** The names of a path given a byte per char (ISO-8859-1). */
    private static byte[][] clean(String s) throws SessionException {
        List<byte[]> out = new ArrayList<>();
        for (String c : s.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw new SessionException(ExitCode.SYNTAX, "rsync: byteback refuses \"..\" in the path "
                        + str(s.getBytes(StandardCharsets.ISO_8859_1)) + ": name paths beneath your backup");
            }
            out.add(c.getBytes(StandardCharsets.ISO_8859_1));
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
