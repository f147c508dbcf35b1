/**
 * The receiving role (backups): the session that reads the client's file list, the generator
 * (this thread: what to fetch, block sums, deletions, attributes) and the receiver (its own
 * thread: file data into the store). Built on the role-neutral session core.
 */
package byteback.rsync.receiver;
