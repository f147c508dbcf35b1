/**
 * The client role of the rsync protocol (rsync: main.c client_run): the remote command, the client
 * half of the protocol setup, the server's messages. A prototype kept in the client module until
 * rsync-protocol's role-neutral session core lands; it then moves there as a client-side session.
 */
package byteback.client.rsync;
