package byteback.rsync.flist;

import byteback.rsync.wire.ProtocolException;
import java.nio.charset.StandardCharsets;

/** Cleaning and validating names from the wire (pure logic, no I/O). */
final class FileNames {
    /** Longest name in bytes, without the C terminator (rsync: MAXPATHLEN 4096 on Linux). */
    static final int MAX_PATH = 4095;
    /** Longest path component (rsync: NAME_MAX). */
    static final int MAX_COMPONENT = 255;

    private FileNames() {}

    /**
     * rsync: util1.c clean_fname(name, CFN_REFUSE_DOT_DOT_DIRS) plus the receiver's checks in
     * flist.c recv_file_entry: drops duplicate slashes, interior "./" and a trailing '/', refuses
     * any ".." component, refuses a leading '/' unless --relative (which strips it after sorting).
     * We also refuse what C would silently truncate or misread: empty names, NUL bytes, components
     * longer than 255 bytes.
     */
    static byte[] clean(byte[] raw, boolean relativePaths) throws ProtocolException {
        if (raw.length == 0) {
            throw new ProtocolException("empty file name from sender");
        }
        if (raw.length > MAX_PATH) {
            throw new ProtocolException("file name from sender longer than " + MAX_PATH + " bytes");
        }
        for (byte b : raw) {
            if (b == 0) {
                throw new ProtocolException("file name from sender contains a NUL byte: "
                        + printable(raw));
            }
        }
        byte[] out = new byte[raw.length + 1];
        int t = 0;
        int f = 0;
        boolean anchored = raw[0] == '/';
        if (anchored) {
            if (!relativePaths) {
                throw unsafe(raw, "absolute name without --relative");
            }
            out[t++] = '/';
            f++;
        }
        while (f < raw.length) {
            if (raw[f] == '/') {
                f++;
                continue;
            }
            if (raw[f] == '.') {
                if (f + 1 < raw.length && raw[f + 1] == '/') {
                    f += 2; // interior "./"
                    continue;
                }
                if (f + 1 < raw.length && raw[f + 1] == '.'
                        && (f + 2 == raw.length || raw[f + 2] == '/')) {
                    throw unsafe(raw, "\"..\" component");
                }
            }
            int start = f;
            while (f < raw.length && raw[f] != '/') {
                out[t++] = raw[f++];
            }
            if (f - start > MAX_COMPONENT) {
                throw new ProtocolException("file name component longer than " + MAX_COMPONENT
                        + " bytes from sender: " + printable(raw));
            }
            if (f < raw.length) {
                out[t++] = raw[f++];
            }
        }
        if (t > (anchored ? 1 : 0) && out[t - 1] == '/') {
            t--;
        }
        if (t == 0) {
            out[t++] = '.';
        }
        if (t == 1 && anchored) {
            throw unsafe(raw, "name \"/\" without a last component");
        }
        byte[] cleaned = new byte[t];
        System.arraycopy(out, 0, cleaned, 0, t);
        return cleaned;
    }

    private static ProtocolException unsafe(byte[] raw, String why) {
        return new ProtocolException("ABORTING due to unsafe pathname from sender (" + why + "): "
                + printable(raw));
    }

    /** The name for messages: UTF-8, control characters escaped, at most 300 characters. */
    static String printable(byte[] name) {
        String s = new String(name, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 300; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\#%03o", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
