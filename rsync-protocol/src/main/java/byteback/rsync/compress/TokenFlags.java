package byteback.rsync.compress;

/** The flag bytes of the compressed token streams (rsync: token.c). */
final class TokenFlags {
    /** End of the file's tokens. */
    static final int END_FLAG = 0;
    /** Followed by a 32-bit token number. */
    static final int TOKEN_LONG = 0x20;
    /** Ditto, with a 16-bit run count. */
    static final int TOKENRUN_LONG = 0x21;
    /** + 6 high bits of the length, then a byte with the low 8 bits, then the compressed bytes. */
    static final int DEFLATED_DATA = 0x40;
    /** + 6-bit token number relative to the end of the previous run. */
    static final int TOKEN_REL = 0x80;
    /** Ditto, with a 16-bit run count. */
    static final int TOKENRUN_REL = 0xc0;

    private TokenFlags() {
    }

    static boolean isData(int flag) {
        return (flag & 0xc0) == DEFLATED_DATA;
    }
}
