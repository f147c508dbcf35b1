package byteback.btrfs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A tiny front to {@link Btrfs} that tests run as an unprivileged user (setpriv). It reads one
 * operation a line (fields separated by tabs) and answers each with one line: "OK [result]" or
 * "FAIL REASON message". Any other exception ends it with a stack trace on stderr.
 */
public final class AsUser {

    private AsUser() {
    }

    public static void main(String[] args) throws IOException {
        Btrfs btrfs = new Btrfs();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String answer;
            try {
                String result = run(btrfs, line.split("\t"));
                answer = result == null ? "OK" : "OK " + result;
            } catch (BtrfsException e) {
                answer = "FAIL " + e.reason() + " " + e.getMessage();
            }
            System.out.println(answer.replace('\n', ' '));
            System.out.flush();
        }
    }

    private static String run(Btrfs btrfs, String[] a) throws BtrfsException {
        Path p = Path.of(a[1]);
        switch (a[0]) {
            case "create" -> btrfs.createSubvolume(p);
            case "snapshot" -> btrfs.snapshot(p, Path.of(a[2]), Boolean.parseBoolean(a[3]));
            case "delete" -> btrfs.deleteSubvolume(p);
            case "set-ro" -> btrfs.setReadOnly(p, Boolean.parseBoolean(a[2]));
            case "sync" -> btrfs.sync(p);
            case "commit" -> btrfs.commit(p);
            case "is-ro" -> {
                return String.valueOf(btrfs.isReadOnly(p));
            }
            case "is-subvolume" -> {
                return String.valueOf(btrfs.isSubvolume(p));
            }
            case "info" -> {
                SubvolumeInfo i = btrfs.info(p);
                return i.id() + " " + i.uuid() + " " + i.parentUuid() + " " + i.generation() + " "
                        + i.created().getEpochSecond() + " " + i.readOnly();
            }
            case "list" -> {
                List<Path> found = btrfs.listSubvolumes(p);
                StringBuilder names = new StringBuilder();
                for (Path f : found) {
                    names.append(names.length() == 0 ? "" : ",").append(f.getFileName());
                }
                return names.toString();
            }
            case "space" -> {
                SpaceUsage s = btrfs.space(p);
                return s.totalBytes() + " " + s.freeBytes() + " " + s.availableBytes();
            }
            default -> throw new IllegalArgumentException("unknown operation " + a[0]);
        }
        return null;
    }
}
