package byteback.btrfs;

import byteback.testsupport.SpareUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs {@link AsUser} as a spare unprivileged uid ({@link SpareUser}), one process for all the
 * operations of a test class. {@link #close()} ends it and removes what the user had.
 */
final class UnprivilegedUser implements AutoCloseable {

    private final SpareUser user;
    final int uid;
    final int gid;
    private final Path stderr;
    private Process process;
    private BufferedReader answers;

    UnprivilegedUser() throws IOException {
        user = new SpareUser();
        uid = user.uid;
        gid = user.gid;
        stderr = user.home().resolve("stderr.txt");
    }

    /** Gives the user ownership of a path (not recursive). */
    void own(Path path) throws IOException {
        user.own(path);
    }

    /** Runs one {@link AsUser} operation as the user; returns its one-line answer. */
    synchronized String run(String... args) throws IOException {
        if (process == null) {
            process = user.start(AsUser.class, stderr);
            answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }
        process.getOutputStream().write((String.join("\t", args) + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        String answer = answers.readLine();
        System.out.println("as uid " + uid + ": " + String.join(" ", args) + " -> " + answer);
        if (answer == null || !(answer.equals("OK") || answer.startsWith("OK ") || answer.startsWith("FAIL "))) {
            throw new IOException("AsUser " + String.join(" ", args) + " answered " + answer + "; stderr: " + stderr());
        }
        return answer;
    }

    private String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr) : "";
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    @Override
    public void close() throws IOException {
        String errors = "";
        try {
            if (process != null) {
                process.getOutputStream().close(); // AsUser ends at the end of its input
                process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS); // user.close() ends it otherwise
                errors = stderr();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            user.close();
        }
        if (!errors.isBlank()) {
            throw new IOException("AsUser wrote to stderr: " + errors);
        }
    }
}
