package byteback.client.backup;

import byteback.rsync.sender.SourceEntry;
import byteback.rsync.sender.SourceTree;
import byteback.rsync.store.BasisFile;
import byteback.rsync.store.RsyncAcl;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.Xattr;
import java.io.IOException;
import java.util.List;

/**
 * A source tree that tells {@link Progress} what the sender does with it: each entry stat'ed
 * while the list is built, each file opened to be sent.
 */
final class ProgressTree implements SourceTree {
    private final SourceTree tree;
    private final Progress progress;
    private volatile boolean sending;

    ProgressTree(SourceTree tree, Progress progress) {
        this.tree = tree;
        this.progress = progress;
    }

    @Override
    public SourceEntry stat(StorePath path) throws IOException {
        SourceEntry e = tree.stat(path);
        // with incremental recursion entries are listed while files are sent: count them all, show the file sent
        if (sending) progress.listedQuietly();
        else progress.listed(path.bytes());
        return e;
    }

    @Override
    public List<byte[]> list(StorePath dir) throws IOException {
        return tree.list(dir);
    }

    @Override
    public BasisFile open(StorePath path) throws IOException {
        sending = true;
        progress.sending(path.bytes());
        return tree.open(path);
    }

    @Override
    public byte[] readLink(StorePath path) throws IOException {
        return tree.readLink(path);
    }

    @Override
    public List<Xattr> xattrs(StorePath path) throws IOException {
        return tree.xattrs(path);
    }

    @Override
    public RsyncAcl acl(StorePath path, boolean defaultAcl) throws IOException {
        return tree.acl(path, defaultAcl);
    }

    @Override
    public void close() throws IOException {
        tree.close();
    }
}
