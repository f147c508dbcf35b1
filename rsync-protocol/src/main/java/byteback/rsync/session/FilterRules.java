package byteback.rsync.session;

import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the client's filter rules off the wire (rsync: exclude.c recv_filter_list). */
public final class FilterRules {
    /** rsync: BIGPATHBUFLEN, the longest rule line. */
    public static final int MAX_RULE = 4096 + 1024;
    /** More rules than any real client sends; bounds memory. */
    public static final int MAX_RULES = 100_000;

    private FilterRules() {}

    public static List<byte[]> read(WireInput in) throws IOException {
        List<byte[]> rules = new ArrayList<>();
        while (true) {
            int len = in.readInt();
            if (len == 0) {
                return rules;
            }
            if (len < 0 || len >= MAX_RULE) {
                throw new ProtocolException("overflow: filter rule length " + len);
            }
            if (rules.size() >= MAX_RULES) {
                throw new ProtocolException("too many filter rules");
            }
            byte[] rule = new byte[len];
            in.readFully(rule, 0, len);
            rules.add(rule);
        }
    }
}
