package byteback.rsync.receiver;

/**
 * An xattr whose value (over 32 bytes) came as a checksum only (rsync: xattrs.c, XSTATE_ABBREV).
 *
 * @param name       name as on the client
 * @param checksum   the md5 of the value
 * @param wireNumber the number a request for the full value uses (rsync: rsync_xa.num)
 */
public record AbbreviatedXattr(byte[] name, byte[] checksum, int wireNumber) {}
