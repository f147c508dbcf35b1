package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.server.RsyncServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A unique temp directory holding DEST (what the server may write) and a sentinel tree beside it
 * (what no client may reach: a file, a directory, a symlink), with the checks every attack ends
 * with: the session ended within a deadline with an exit code and a message, nothing outside DEST
 * changed, and DEST holds exactly what the test expects (so no temp file stayed behind).
 */
final class Sandbox implements AutoCloseable {
    /** A session that has not ended by then is a hang: the test fails. */
    static final long DEADLINE_SECONDS = 60;

    final Path root;
    final Path dest;
    final Path outside;
    private final Map<String, String> outsideBefore;

    record Outcome(int exit, String messages) {}

    Sandbox() throws IOException {
        root = Files.createTempDirectory("byteback-evil-");
        dest = Files.createDirectory(root.resolve("dest"));
        outside = Files.createDirectory(root.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret\n");
        Files.createDirectory(outside.resolve("dir"));
        Files.writeString(outside.resolve("dir/x"), "sentinel x\n");
        Files.createSymbolicLink(outside.resolve("link"), Path.of("secret"));
        outsideBefore = digest(outside);
    }

    /** Runs one receiving session of {@code args} (e.g. "-rlDe.LsfxCIu") on the client's bytes. */
    Outcome serve(String flags, byte[] stream) {
        return serve(List.of("--server", flags, ".", dest.toString()), new ByteArrayInputStream(stream),
                ReceiveListener.NONE);
    }

    Outcome serve(List<String> args, InputStream in, ReceiveListener listener) {
        return serve(args, in, listener, MemoryBudget.UNLIMITED);
    }

    /** As above, with the server-wide memory budget the session reserves its file list from. */
    Outcome serve(List<String> args, InputStream in, ReceiveListener listener, MemoryBudget budget) {
        ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> f = ex.submit(() -> RsyncServer.run(args, in, toClient, err, dest, listener, budget));
            int exit = f.get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            String messages;
            synchronized (toClient) {
                messages = err.toString(StandardCharsets.UTF_8)
                        + new String(toClient.toByteArray(), StandardCharsets.ISO_8859_1);
            }
            return new Outcome(exit, messages);
        } catch (TimeoutException e) {
            return fail("the session did not end within " + DEADLINE_SECONDS + " s: it hangs\n" + threadDump());
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            ex.shutdownNow();
        }
    }

    /** Every live thread's stack, so that a hang says where it waits. */
    private static String threadDump() {
        StringBuilder b = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            b.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
            for (StackTraceElement e : stack) {
                b.append("    at ").append(e).append('\n');
            }
        });
        return b.toString();
    }

    void assertOutsideUntouched() {
        assertEquals(outsideBefore, digest(outside), "nothing outside DEST may change");
        assertEquals(List.of("dest", "outside"), names(root), "nothing appears beside DEST");
    }

    Map<String, String> digestDest() {
        return digest(dest);
    }

    /** Every entry beneath {@code top} (not following symlinks): type, on-disc mode, content hash. */
    static Map<String, String> digest(Path top) {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(top)) {
            for (Path p : s.toList()) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String what;
                if (a.isSymbolicLink()) {
                    what = "link -> " + Files.readSymbolicLink(p);
                } else if (a.isDirectory()) {
                    what = "dir";
                } else if (a.isRegularFile()) {
                    what = "file " + sha256(p) + " links=" + Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
                } else {
                    what = "other";
                }
                // a directory's mtime moves when a temp file comes and goes: not compared
                m.put(top.relativize(p).toString(), what + " " + PosixFilePermissions.toString(a.permissions())
                        + (a.isDirectory() ? "" : " " + a.lastModifiedTime()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
