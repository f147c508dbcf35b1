package byteback.rsync.options;

import java.util.Objects;

/**
 * The capability string a client sends with {@code -e} (rsync: options.c maybe_add_e_option,
 * read by compat.c setup_protocol as {@code client_info}), e.g. {@code ".iLsfxCIvu"}. It may start
 * with a pre-release {@code VER.SUB} such as {@code "32.1iLsf"}; otherwise with {@code '.'}.
 * Clients speaking protocol 29 or older send no {@code -e} at all: then {@link #raw()} is empty
 * and every flag is false.
 */
public final class ClientCapabilities {
    /** No {@code -e} option was given. */
    public static final ClientCapabilities NONE = new ClientCapabilities("");

    private final String raw;

    ClientCapabilities(String raw) {
        this.raw = Objects.requireNonNull(raw);
    }

    /** Parses the value of {@code -e} exactly as the client sent it. */
    public static ClientCapabilities of(String raw) {
        return new ClientCapabilities(raw);
    }

    /** The string as sent, without the leading {@code e}. */
    public String raw() {
        return raw;
    }

    /** Whether the letter appears anywhere (rsync tests with strchr over the whole string). */
    public boolean has(char flag) {
        return raw.indexOf(flag) >= 0;
    }

    /** 'i': the client allows incremental recursion (CF_INC_RECURSE). */
    public boolean incRecurse() {
        return has('i');
    }

    /** 'L': the client can set symlink times (the receiver's CF_SYMLINK_TIMES). */
    public boolean symlinkTimes() {
        return has('L');
    }

    /** 's': symlink iconv translation (CF_SYMLINK_ICONV). */
    public boolean symlinkIconv() {
        return has('s');
    }

    /** 'f': flist I/O-error safety (CF_SAFE_FLIST). */
    public boolean safeFileList() {
        return has('f');
    }

    /** 'x': xattr hard-link optimisation not desired (CF_AVOID_XATTR_OPTIM). */
    public boolean avoidXattrOptimization() {
        return has('x');
    }

    /** 'C': checksum seed order fix (CF_CHKSUM_SEED_FIX). */
    public boolean checksumSeedFix() {
        return has('C');
    }

    /** 'I': inplace_partial behaviour (CF_INPLACE_PARTIAL_DIR). */
    public boolean inplacePartialDir() {
        return has('I');
    }

    /** 'v': varint flist flags and checksum/compression negotiation (CF_VARINT_FLIST_FLAGS). */
    public boolean varintFlistFlags() {
        return has('v');
    }

    /** 'u': names of uid 0 and gid 0 are sent in the id lists (CF_ID0_NAMES). */
    public boolean id0Names() {
        return has('u');
    }

    /**
     * 'V': a pre-release form of 'v'; the compat flags are then written as one byte rather than a
     * varint (rsync: compat.c setup_protocol).
     */
    public boolean legacyVarintByte() {
        return has('V');
    }

    /**
     * The pre-release protocol version at the start of the string ({@code "31.14..."} gives 31),
     * or 0 when the client is a final release (rsync: compat.c check_sub_protocol, atoi).
     */
    public int preReleaseProtocol() {
        return leadingInt(raw, 0);
    }

    /** The sub-protocol after the dot of a pre-release version, or 0 (a final release). */
    public int preReleaseSubprotocol() {
        if (preReleaseProtocol() == 0) {
            return 0;
        }
        int dot = raw.indexOf('.');
        return dot < 0 ? 0 : leadingInt(raw, dot + 1);
    }

    private static int leadingInt(String s, int from) {
        long v = 0;
        int i = from;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && v < Integer.MAX_VALUE) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return (int) Math.min(v, Integer.MAX_VALUE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientCapabilities c && c.raw.equals(raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return "e" + raw;
    }
}
