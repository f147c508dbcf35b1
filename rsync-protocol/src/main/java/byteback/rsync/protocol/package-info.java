/**
 * The vocabulary both protocol roles share (sender and receiver, server and client): what the
 * setup agreed ({@link byteback.rsync.protocol.Protocol}), compat flags, exit codes, item flags,
 * file-list transmission flags, file modes, the sum head and the file-index coding. Depends only
 * on the wire, checksum and compress packages.
 */
package byteback.rsync.protocol;
