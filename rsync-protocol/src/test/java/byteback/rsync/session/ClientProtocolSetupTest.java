package byteback.rsync.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.compress.Compression;
import byteback.rsync.flist.FileList;
import byteback.rsync.flist.FileListConfig;
import byteback.rsync.flist.FileListLimits;
import byteback.rsync.flist.FileListReader;
import byteback.rsync.protocol.CompatFlags;
import byteback.rsync.protocol.Protocol;
import byteback.rsync.wire.IoClock;
import byteback.rsync.wire.WireReader;
import byteback.rsync.wire.WireWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client half of the setup against stock rsync started as the server (as ssh would start it),
 * here as the sender of a restore: versions, flags, the negotiated checksum and compressor, the
 * seed; then the filter list goes out and the server's file list is read — proof both sides agree.
 */
class ClientProtocolSetupTest {
    @TempDir
    Path dir;

    private record Run(Protocol protocol, List<String> names, String err) {}

    private Run restoreFromStockRsync(String flags, boolean compress, String protocolOption) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/sub"));
        Files.writeString(dir.resolve("src/a.txt"), "hello");
        Files.writeString(src.resolve("b.txt"), "world");
        List<String> cmd = new ArrayList<>(List.of("rsync", "--server", "--sender", flags));
        if (protocolOption != null) cmd.add(protocolOption);
        cmd.addAll(List.of("--numeric-ids", ".", "src"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
        try {
            IoClock clock = new IoClock();
            WireReader in = new WireReader(p.getInputStream(), clock);
            WireWriter out = new WireWriter(p.getOutputStream(), clock);
            Protocol protocol = ClientProtocolSetup.negotiate(in, out, compress);
            List<String> errors = new ArrayList<>();
            in.startMultiplex(new ServerMessages(errors::add, errors::add));
            out.startMultiplex();
            out.writeInt(0); // rsync: exclude.c send_filter_list — no rules
            out.flush();
            FileListConfig config = new FileListConfig(protocol.version(), protocol.has(CompatFlags.VARINT_FLIST_FLAGS),
                    protocol.has(CompatFlags.SAFE_FLIST), protocol.has(CompatFlags.ID0_NAMES), true, true, true, true, true,
                    false, false, false, false, false, false, true, 0, 16, FileListLimits.defaults());
            FileList list = new FileListReader(config).read(in);
            List<String> names = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) names.add(new String(list.get(i).path(), StandardCharsets.UTF_8));
            return new Run(protocol, names, String.join("\n", errors));
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void negotiatesWithStockRsync() throws Exception {
        Run r = restoreFromStockRsync("-logDtpre.LsfxCIvu", false, null);
        assertEquals(32, r.protocol().version());
        assertTrue(r.protocol().has(CompatFlags.VARINT_FLIST_FLAGS));
        assertEquals("xxh128", r.protocol().checksum().wireName());
        assertEquals(Compression.NONE, r.protocol().compression());
        assertNotEquals(0, r.protocol().seed());
        assertEquals(List.of("src", "src/a.txt", "src/sub", "src/sub/b.txt"), r.names(), r.err());
    }

    @Test
    void negotiatesACompressor() throws Exception {
        Run r = restoreFromStockRsync("-logDtprze.LsfxCIvu", true, null);
        assertEquals("zstd", r.protocol().compression().wireName());
    }

    @Test
    void protocol30NegotiatesToo() throws Exception {
        Run r = restoreFromStockRsync("-logDtprze.LsfxCIvu", true, "--protocol=30");
        assertEquals(30, r.protocol().version());
        assertEquals("xxh128", r.protocol().checksum().wireName());
        assertEquals("zstd", r.protocol().compression().wireName());
        assertEquals(List.of("src", "src/a.txt", "src/sub", "src/sub/b.txt"), r.names(), r.err());
    }

    @Test
    void withoutNegotiationTheOldDefaults() throws Exception {
        Run r = restoreFromStockRsync("-logDtprze.LsfxCIu", true, "--protocol=30");
        assertEquals(30, r.protocol().version());
        assertEquals("md5", r.protocol().checksum().wireName());
        assertEquals(Compression.ZLIB, r.protocol().compression());
        assertEquals(List.of("src", "src/a.txt", "src/sub", "src/sub/b.txt"), r.names(), r.err());
    }
}
