package byteback.rsync.hostile;

import byteback.rsync.compress.Compression;
import byteback.rsync.compress.TokenWriter;
import byteback.rsync.wire.IoClock;
import byteback.rsync.protocol.NdxWriter;
import byteback.rsync.wire.WireWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The evil client: a sender's side of a protocol-31 session written by hand, byte by byte, with
 * the project's own wire encoders (WireWriter, NdxWriter, the token writers). Every method writes
 * what stock rsync's sender would write at that point (rsync: flist.c send_file_entry, sender.c
 * send_files, match.c), and {@link #out} / {@link #ndx} let a test write anything else instead.
 * The server is run without 'v' in the capabilities, so the checksum is MD5 and -z means zlib.
 * Indices are those of the sorted list (rsync: flist.c f_name_cmp: in each directory its files
 * come before its subdirectories, so "." "f" "l" "d" "d/g"). Mode bits for entries: regular 0100644, directory 040755, symlink 0120777.
 */
final class EvilClient {
    static final int PROTOCOL = 31;
    // rsync: rsync.h XMIT_* flags
    static final int XMIT_TOP_DIR = 1;
    static final int XMIT_EXTENDED_FLAGS = 1 << 2;
    static final int XMIT_LONG_NAME = 1 << 6;
    static final int XMIT_HLINKED = 1 << 9;
    static final int XMIT_HLINK_FIRST = 1 << 12;
    static final int ITEM_TRANSFER = 1 << 15;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final WireWriter out;
    final NdxWriter ndx;

    /** A script collected in memory ({@link #bytes}). */
    EvilClient() {
        this(null);
    }

    /** A script written straight to a live server's stdin as it is built. */
    EvilClient(java.io.OutputStream sink) {
        out = new WireWriter(sink == null ? bytes : sink, new IoClock());
        ndx = new NdxWriter(out, PROTOCOL);
    }
    private TokenWriter tokens;
    private Compression compression = Compression.NONE;
    private boolean xattrs;

    /** Version exchange; then the multiplexed stream starts (rsync: compat.c setup_protocol). */
    EvilClient hello() {
        return io(() -> {
            out.writeInt(PROTOCOL);
            out.startMultiplex();
        });
    }

    /**
     * The same sender played by a hostile <em>server</em> towards a client receiver (a restore):
     * version, compatibility flags for the client's capabilities "LsfxCIu" (no string
     * negotiation), the seed, then the multiplexed stream (rsync: compat.c setup_protocol with
     * am_server). The client's filter list needs no answer.
     */
    EvilClient helloAsServer() {
        return helloAsServer(false);
    }

    /** As {@link #helloAsServer()}, the compatibility flags saying incremental recursion when {@code incRecurse}. */
    EvilClient helloAsServer(boolean incRecurse) {
        return io(() -> {
            out.writeInt(PROTOCOL);
            out.writeVarint(byteback.rsync.protocol.CompatFlags.forClient("LsfxCIu", incRecurse));
            out.writeInt(12345);
            out.startMultiplex();
        });
    }

    /** The three phase ends, the sender's statistics a server sends its client, the final goodbye. */
    EvilClient doneAsServer() {
        return io(() -> {
            for (int i = 0; i < 3; i++) {
                ndx.write(-1);
            }
            for (int i = 0; i < 5; i++) {
                out.writeVarlong(0, 3);
            }
            ndx.write(-1);
        });
    }

    /** The token compressor the server was told to use (-z is zlib, --zc=zstd zstd, ...). */
    EvilClient compressed(Compression c) {
        compression = c;
        return this;
    }

    /** A -X session: every entry carries an xattr set (here: a new, empty one). */
    EvilClient withXattrs() {
        xattrs = true;
        return this;
    }

    EvilClient file(String name, long size) {
        return entry(0, bytes(name), size, 0100644, null);
    }

    EvilClient dir(String name) {
        return entry(name.equals(".") ? XMIT_TOP_DIR : 0, bytes(name), 0, 040755, null);
    }

    EvilClient symlink(String name, String target) {
        return entry(0, bytes(name), target.length(), 0120777, bytes(target));
    }

    /** A device (-D): mode 060xxx or 020xxx, with its numbers. */
    EvilClient device(String name, int mode, int major, int minor) {
        return io(() -> {
            head(0, bytes(name), 0, mode);
            out.writeVarint(major);
            out.writeVarint(minor);
            emptyXattrSet();
        });
    }

    /** A fifo or socket (-D): no device numbers in protocol 31. */
    EvilClient special(String name, int mode) {
        return entry(0, bytes(name), 0, mode, null);
    }

    /** The first entry of a hard-link group (-H). */
    EvilClient hardLinkFirst(String name, long size) {
        return entry(XMIT_HLINKED | XMIT_HLINK_FIRST | XMIT_EXTENDED_FLAGS, bytes(name), size, 0100644, null);
    }

    /** A further member of the group whose first entry has wire index {@code first}: only its name. */
    EvilClient hardLink(String name, int first) {
        return io(() -> {
            writeFlagsAndName(XMIT_HLINKED | XMIT_EXTENDED_FLAGS, bytes(name));
            out.writeVarint(first);
        });
    }

    /**
     * A regular file (-X sessions) whose one xattr is abbreviated: over 32 bytes, so only its MD5
     * travels in the list and the receiver must ask for the value (rsync: xattrs.c send_xattr).
     */
    EvilClient fileWithLongXattr(String name, long size, String xattrName, int valueLength) {
        return io(() -> {
            head(0, bytes(name), size, 0100644);
            byte[] n = bytes(xattrName + "\0");
            out.writeVarint(0); // a new xattr set
            out.writeVarint(1);
            out.writeVarint(n.length);
            out.writeVarint(valueLength);
            out.write(n, 0, n.length);
            out.write(new byte[16], 0, 16);
        });
    }

    /** The value of abbreviated xattr #1 of entry {@code index}, unasked (rsync: xattrs.c send_xattr_request). */
    EvilClient xattrValue(int index, byte[] value) {
        return io(() -> {
            ndx.write(index);
            out.writeShort(1 << 8); // ITEM_REPORT_XATTR
            out.writeVarint(1);
            out.writeVarint(value.length);
            out.write(value, 0, value.length);
            out.writeVarint(0);
        });
    }

    /** Any entry with a raw name (NUL bytes, invalid UTF-8, ...). */
    EvilClient entry(int xflags, byte[] name, long size, int mode, byte[] linkTarget) {
        return io(() -> {
            head(xflags, name, size, mode);
            if (linkTarget != null) {
                out.writeVarint(linkTarget.length);
                out.write(linkTarget, 0, linkTarget.length);
            }
            emptyXattrSet();
        });
    }

    private void emptyXattrSet() throws IOException {
        if (xattrs) {
            out.writeVarint(0);
            out.writeVarint(0);
        }
    }

    private void head(int xflags, byte[] name, long size, int mode) throws IOException {
        writeFlagsAndName(xflags, name);
        out.writeVarlong(size, 3);
        out.writeVarlong(1_700_000_000L, 4);
        out.writeInt(mode);
    }

    private void writeFlagsAndName(int xflags, byte[] name) throws IOException {
        int flags = xflags | XMIT_LONG_NAME;
        if ((flags & 0xff00) != 0) {
            flags |= XMIT_EXTENDED_FLAGS;
            out.writeShort(flags);
        } else {
            out.writeByte(flags);
        }
        out.writeVarint(name.length);
        out.write(name, 0, name.length);
    }

    EvilClient endOfList() {
        return io(() -> out.writeByte(0));
    }

    /** The whole file as literal data against no basis, with its true MD5. */
    EvilClient literal(int index, byte[] content) {
        return transfer(index, content, md5(content));
    }

    /** As {@link #literal} with any whole-file checksum. */
    EvilClient transfer(int index, byte[] content, byte[] fileSum) {
        return io(() -> {
            ndx.write(index);
            out.writeShort(ITEM_TRANSFER);
            sumHead(0, 0, 0, 0);
            tokens().literal(out, content, 0, content.length);
            tokens().endOfFile(out);
            out.write(fileSum, 0, fileSum.length);
        });
    }

    /** The start of a transfer: index, item flags and a sum head of the test's choosing. */
    EvilClient transferHead(int index, int count, int blength, int s2length, int remainder) {
        return io(() -> {
            ndx.write(index);
            out.writeShort(ITEM_TRANSFER);
            sumHead(count, blength, s2length, remainder);
        });
    }

    private void sumHead(int count, int blength, int s2length, int remainder) throws IOException {
        out.writeInt(count);
        out.writeInt(blength);
        out.writeInt(s2length);
        out.writeInt(remainder);
    }

    /** A literal run through the session's token writer (compressed when the session is). */
    EvilClient literalTokens(byte[] data) {
        return io(() -> tokens().literal(out, data, 0, data.length));
    }

    EvilClient endOfFile(byte[] fileSum) {
        return io(() -> {
            tokens().endOfFile(out);
            out.write(fileSum, 0, fileSum.length);
        });
    }

    /** The three phase ends and the final goodbye of a protocol-31 sender. */
    EvilClient done() {
        return io(() -> {
            for (int i = 0; i < 4; i++) {
                ndx.write(-1);
            }
        });
    }

    /** How many bytes the script holds so far (to split it, see GatedInput). */
    int mark() {
        io(out::flush);
        return bytes.size();
    }

    byte[] bytes() {
        io(out::flush);
        if (tokens != null) {
            tokens.close();
        }
        return bytes.toByteArray();
    }

    private TokenWriter tokens() {
        if (tokens == null) {
            tokens = compression.newWriter(compression.effectiveLevel(null), PROTOCOL);
        }
        return tokens;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] md5(byte[] b) {
        try {
            return MessageDigest.getInstance("MD5").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    interface IoStep {
        void run() throws IOException;
    }

    EvilClient io(IoStep step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
