package byteback.rsync.session;

import byteback.rsync.filter.FilterList;
import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the client's filter rules off the wire (rsync: exclude.c recv_filter_list), within
 * {@link FilterList}'s limits as they arrive: a client that sends more rules, or more bytes of
 * rules, than a list may hold is cut at the first one too many, so that what is held while
 * reading never exceeds the limits (the list is then parsed and compiled by {@link FilterList}).
 */
public final class FilterRules {
    /** rsync: BIGPATHBUFLEN, the size of recv_filter_list's buffer: a rule must be shorter. */
    public static final int MAX_RULE = 4096 + 1024;

    private FilterRules() {}

    /** rsync: exclude.c send_filter_list — each rule as a length and its bytes, then 0. */
    public static void write(byteback.rsync.wire.WireWriter out, List<String> rules) throws IOException {
        for (String r : rules) {
            byte[] b = r.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b, 0, b.length);
        }
        out.writeInt(0);
    }

    public static List<byte[]> read(WireInput in) throws IOException {
        List<byte[]> rules = new ArrayList<>();
        long total = 0;
        while (true) {
            int len = in.readInt();
            if (len == 0) {
                return rules;
            }
            if (len < 0 || len >= MAX_RULE) { // rsync: overflow_exit("recv_rules")
                throw new ProtocolException("overflow: filter rule length " + len);
            }
            if (rules.size() >= FilterList.MAX_RULES) {
                throw new ProtocolException("too many filter rules: this server accepts at most "
                        + FilterList.MAX_RULES);
            }
            total += len;
            if (total > FilterList.MAX_TOTAL_BYTES) {
                throw new ProtocolException("filter rules too large: this server accepts at most "
                        + FilterList.MAX_TOTAL_BYTES + " bytes of rules");
            }
            byte[] rule = new byte[len];
            in.readFully(rule, 0, len);
            rules.add(rule);
        }
    }
}
