package byteback.rsync.receiver;

import byteback.rsync.protocol.CompatFlags;
import byteback.rsync.protocol.Protocol;
import byteback.rsync.session.IdMapper;

import byteback.rsync.flist.Acl;
import byteback.rsync.flist.FileEntry;
import byteback.rsync.flist.FileList;
import byteback.rsync.flist.FileListConfig;
import byteback.rsync.flist.FileListLimits;
import byteback.rsync.flist.FileListReader;
import byteback.rsync.memory.Reservation;
import byteback.rsync.options.ServerOptions;
import byteback.rsync.store.RsyncAcl;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.Xattr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the file list with the flist package and turns it into {@link ListedFile}s. */
public final class ListedFiles implements FileListSource {
    private static final byte[] FAKE_SUPER_PREFIX = "user.rsync.".getBytes(StandardCharsets.US_ASCII);

    @Override
    public Result read(byteback.rsync.wire.WireReader in, Protocol protocol, ServerOptions options)
            throws IOException {
        return read(in, protocol, options, null);
    }

    /**
     * The list's estimated size stays charged to {@code reservation}: the session holds the compact
     * {@link FileList} to the end and each {@link ListedFile} is built when asked for
     * ({@link ListedFileList}). Every path is checked here, once, so a hostile name fails the
     * transfer before anything is written.
     */
    @Override
    public Result read(byteback.rsync.wire.WireReader in, Protocol protocol, ServerOptions options,
            Reservation reservation) throws IOException {
        FileListConfig config = new FileListConfig(protocol.version(), protocol.has(CompatFlags.VARINT_FLIST_FLAGS),
                protocol.has(CompatFlags.SAFE_FLIST), protocol.has(CompatFlags.ID0_NAMES), options.owner(),
                options.group(), options.links(), options.devices(), options.specials(), options.hardLinks(),
                options.xattrs(), options.acls(), false, false, options.relative(), options.numericIds(),
                options.checksum() ? protocol.fileChecksum().digestLength() : 0, 16, FileListLimits.defaults());
        FileListReader reader = new FileListReader(config, reservation);
        IdMapper ids = options.numericIds() ? null : IdMapper.local();
        if (protocol.has(CompatFlags.INC_RECURSE)) {
            IncrementalLists lists = IncrementalLists.readFirst(in, reader, ids, reservation);
            return new Result(lists, lists.firstIoError());
        }
        FileList list = reader.read(in);
        for (int i = 0; i < list.size(); i++) {
            byte[] name = list.pathOf(i);
            if (name != null && !(name.length == 1 && name[0] == '.')) {
                StorePath.parse(name);
            }
        }
        return new Result(new ListedFileList(list, ids), list.ioError());
    }

    static ListedFile convert(int ndx, FileEntry e, FileList list, IdMapper ids) throws IOException {
        byte[] name = e.path();
        StorePath path = name.length == 1 && name[0] == '.' ? StorePath.ROOT : StorePath.parse(name);
        int uid = e.uid();
        int gid = e.gid();
        if (ids != null) {
            uid = ids.uid(uid, list.userNames().get(uid));
            gid = ids.gid(gid, list.groupNames().get(gid));
        }
        int leader = e.hardLinkFirst();
        if (leader == ndx) {
            leader = -1;
        }
        List<Xattr> xattrs = null;
        List<AbbreviatedXattr> abbreviated = List.of();
        if (e.xattrs() != null) {
            xattrs = new ArrayList<>();
            for (byteback.rsync.flist.Xattr x : e.xattrs().xattrs()) {
                if (x.abbreviated()) {
                    if (abbreviated.isEmpty()) {
                        abbreviated = new ArrayList<>();
                    }
                    abbreviated.add(new AbbreviatedXattr(clientName(x.name()), x.checksum(), x.wireNumber()));
                } else {
                    xattrs.add(new Xattr(clientName(x.name()), x.value()));
                }
            }
        }
        return new ListedFile(ndx, path, e.mode(), e.size(), e.mtime(), e.mtimeNanos(), uid, gid, e.rdevMajor(),
                e.rdevMinor(), e.symlinkTarget(), e.checksum(), xattrs, abbreviated,
                e.xattrs() == null ? -1 : e.xattrs().index(), acl(e.accessAcl(), ids),
                acl(e.defaultAcl(), ids), (e.flags() & FileEntry.FLAG_CONTENT_DIR) != 0, leader,
                e.hardLinkGroupNumber());
    }

    /** The flist maps names for fake-super storage; the store wants them as on the client. */
    static byte[] clientName(byte[] stored) {
        if (stored.length > FAKE_SUPER_PREFIX.length
                && Arrays.equals(stored, 0, FAKE_SUPER_PREFIX.length, FAKE_SUPER_PREFIX, 0, FAKE_SUPER_PREFIX.length)) {
            return Arrays.copyOfRange(stored, FAKE_SUPER_PREFIX.length, stored.length);
        }
        return stored;
    }

    private static RsyncAcl acl(Acl a, IdMapper ids) {
        if (a == null) {
            return null;
        }
        List<RsyncAcl.IdAccess> names = new ArrayList<>(a.names().size());
        for (Acl.AclEntry n : a.names()) {
            int id = n.id();
            if (ids != null) {
                id = n.user() ? ids.uid(id, n.name()) : ids.gid(id, n.name());
            }
            names.add(new RsyncAcl.IdAccess(id, n.access() | (n.user() ? RsyncAcl.NAME_IS_USER : 0)));
        }
        return new RsyncAcl(a.userObj(), a.groupObj(), a.maskObj(), a.otherObj(), names);
    }
}
