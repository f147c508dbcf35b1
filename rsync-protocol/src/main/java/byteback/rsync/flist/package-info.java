/**
 * The receiving side of rsync's file list, protocols 30 to 32, without incremental recursion
 * (rsync: flist.c recv_file_list, uidlist.c, xattrs.c receive_xattr, acls.c receive_acl,
 * hlink.c match_hard_links).
 *
 * <p>Use: after the protocol setup, build a {@link byteback.rsync.flist.FileListConfig} from the
 * negotiated version, the compat flags and the server options, and call
 * {@link byteback.rsync.flist.FileListReader#read} on the demultiplexed data stream once. The result
 * is sorted as rsync sorts it, so its indices are the protocol's file indices; duplicates stay in
 * place as {@link byteback.rsync.flist.FileEntry#removed() removed} entries.
 *
 * <p>What the caller still does:
 * <ul>
 *   <li>with protocol 30 and no CF_SAFE_FLIST the sender reports I/O errors in MSG_IO_ERROR, not
 *       with the end of the list ({@link byteback.rsync.flist.FileList#ioError()} is then 0);</li>
 *   <li>without --numeric-ids, rsync maps uids/gids (also in ACLs) through the names in
 *       {@link byteback.rsync.flist.FileList#userNames()}/{@code groupNames()} to local ids
 *       (uidlist.c match_uid/match_gid) — the reader reports the sender's numbers;</li>
 *   <li>abbreviated xattr values ({@link byteback.rsync.flist.Xattr#abbreviated()}) are requested
 *       by wire number when their checksum differs from the stored value's;</li>
 *   <li>the server-side filter check of names (rsync 3.4's "rejecting excluded file-list name")
 *       is not done here.</li>
 * </ul>
 *
 * <p>Incremental recursion could be added by keeping one reader's state (previous entry, xattr and
 * ACL caches, id names) across several lists and offsetting indices.
 */
package byteback.rsync.flist;
