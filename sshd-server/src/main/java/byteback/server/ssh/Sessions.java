package byteback.server.ssh;

import byteback.server.invite.Invites;
import org.apache.sshd.common.AttributeRepository.AttributeKey;

/** What authentication decided about a session. */
final class Sessions {
    private Sessions() {}

    /** The client a session's public key belongs to. */
    static final AttributeKey<String> CLIENT = new AttributeKey<>();

    /** The invite a session logged in with (enrolment only). */
    static final AttributeKey<Invites.Invite> INVITE = new AttributeKey<>();

    /** The authorized_keys line that admitted the key. */
    static final AttributeKey<Integer> KEY_LINE = new AttributeKey<>();

    /** When the connection was accepted, for the log. */
    static final AttributeKey<Long> STARTED = new AttributeKey<>();
}
