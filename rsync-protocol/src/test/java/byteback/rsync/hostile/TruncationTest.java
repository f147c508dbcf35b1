package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.compress.Compression;
import byteback.rsync.receiver.ReceiveListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client that drops at any byte of a small valid session: the stream is cut at every byte
 * boundary, from the version exchange to the final goodbye. Each cut ends the session with an
 * error (the whole stream with 0), every stored file is either its old or its new version, and
 * no temp file stays.
 */
class TruncationTest {
    private static final byte[] OLD = EvilClient.bytes("old content\n");
    private static final byte[] NEW = EvilClient.bytes("the new content of f, longer than the old\n");
    private static final byte[] G = EvilClient.bytes("g\n");

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"NONE", "ZSTD"})
    void everyCutEndsCleanly(Compression compression) throws IOException {
        // sorted: . f l d d/g
        byte[] stream = new EvilClient().compressed(compression).hello().dir(".").dir("d").file("d/g", G.length)
                .file("f", NEW.length).symlink("l", "../../outside/secret").endOfList()
                .literal(1, NEW).literal(4, G).done().bytes();
        List<String> extra = compression == Compression.NONE ? List.of() : List.of("--compress-choice=zstd");
        try (Sandbox box = new Sandbox()) {
            for (int cut = 0; cut <= stream.length; cut++) {
                reset(box.dest);
                Files.write(box.dest.resolve("f"), OLD);
                // d exists already: this one-way script sends d/g without waiting for the generator
                // to create d (a transfer the generator did not ask for), which would race
                Files.createDirectory(box.dest.resolve("d"));
                List<String> args = new java.util.ArrayList<>(List.of("--server", "-rlDe.LsfxCIu"));
                args.addAll(extra);
                args.addAll(List.of(".", box.dest.toString()));
                Sandbox.Outcome o = box.serve(args, new ByteArrayInputStream(Arrays.copyOf(stream, cut)),
                        ReceiveListener.NONE);
                String at = "cut at " + cut + " of " + stream.length + ": " + o.messages();
                if (cut == stream.length) {
                    assertEquals(0, o.exit(), at);
                } else {
                    assertNotEquals(0, o.exit(), at);
                }
                box.assertOutsideUntouched();
                Set<String> names = Set.copyOf(Sandbox.digest(box.dest).keySet());
                assertTrue(Set.of("", "f", "l", "d", "d/g").containsAll(names), at + " leaves only listed names: " + names);
                byte[] f = Files.readAllBytes(box.dest.resolve("f"));
                assertTrue(Arrays.equals(f, OLD) || Arrays.equals(f, NEW), at + ": f is old or new");
                Path g = box.dest.resolve("d/g");
                assertTrue(!Files.exists(g) || Arrays.equals(Files.readAllBytes(g), G), at + ": d/g is whole");
                assertTrue(!Files.exists(box.dest.resolve("l"), LinkOption.NOFOLLOW_LINKS)
                        || !Files.isSymbolicLink(box.dest.resolve("l")), at);
            }
        }
    }

    private static void reset(Path dest) throws IOException {
        try (Stream<Path> s = Files.walk(dest)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dest)) {
                    Files.delete(p);
                }
            }
        }
    }
}
