package byteback.rsync.flist;

import java.util.Objects;

/**
 * What the negotiated protocol and the client's options say about the shape of the file list the
 * sender will transmit. rsync-core fills it from the protocol setup (compat flags) and the parsed
 * server options.
 *
 * @param protocol          negotiated protocol version, 30..32 (rsync: protocol_version)
 * @param varintFlistFlags  compat flag CF_VARINT_FLIST_FLAGS: entry flags are varints and the list
 *                          ends with a 0 varint followed by the sender's io_error varint
 *                          (rsync: xfer_flags_as_varint)
 * @param safeFlist         compat flag CF_SAFE_FLIST; the reader itself treats protocol 31+ as safe
 *                          (rsync: use_safe_inc_flist), which allows the list to end with
 *                          XMIT_EXTENDED_FLAGS|XMIT_IO_ERROR_ENDLIST and an io_error varint
 * @param id0Names          compat flag CF_ID0_NAMES: the uid/gid lists end with the name of id 0
 * @param preserveUid       -o (rsync: preserve_uid)
 * @param preserveGid       -g
 * @param preserveLinks     -l: symlink targets are sent
 * @param preserveDevices   -D / --devices: rdev of block/char devices is sent
 * @param preserveSpecials  --specials (protocol 30 also sends an rdev for fifos and sockets)
 * @param preserveHardLinks -H
 * @param preserveXattrs    -X: every entry carries an xattr set (or an index to an earlier one)
 * @param preserveAcls      -A: every non-symlink carries an access ACL, directories a default ACL
 * @param preserveAtimes    -U / --atimes: non-directories carry an access time
 * @param preserveCrtimes   -N / --crtimes: every entry carries a creation time
 * @param relativePaths     -R: names may start with '/', which is stripped after sorting
 * @param numericIds        --numeric-ids: the uid/gid name lists are not sent
 * @param checksumLength    -c: length of the whole-file checksum sent with each regular file
 *                          (rsync: flist_csum_len), 0 when -c is off
 * @param xattrSumLength    length of the checksum that replaces an xattr value longer than 32
 *                          bytes (rsync: xattr_sum_len; compat.c always picks md5 for protocol
 *                          30+, so 16)
 * @param limits            memory and count bounds
 */
public record FileListConfig(int protocol, boolean varintFlistFlags, boolean safeFlist,
        boolean id0Names, boolean preserveUid, boolean preserveGid, boolean preserveLinks,
        boolean preserveDevices, boolean preserveSpecials, boolean preserveHardLinks,
        boolean preserveXattrs, boolean preserveAcls, boolean preserveAtimes,
        boolean preserveCrtimes, boolean relativePaths, boolean numericIds, int checksumLength,
        int xattrSumLength, FileListLimits limits) {

    public FileListConfig {
        if (protocol < 30 || protocol > 32) {
            throw new IllegalArgumentException("file lists of protocol " + protocol
                    + " are not supported (30..32)");
        }
        if (checksumLength < 0 || checksumLength > 64 || xattrSumLength < 0 || xattrSumLength > 64) {
            throw new IllegalArgumentException("checksum length out of range");
        }
        if (preserveXattrs && xattrSumLength == 0) {
            throw new IllegalArgumentException("xattrs need the xattr checksum length");
        }
        Objects.requireNonNull(limits, "limits");
    }

    /** rsync: compat.c use_safe_inc_flist. */
    public boolean safeFlistEffective() {
        return safeFlist || protocol >= 31;
    }
}
