package byteback.btrfs;

import byteback.testsupport.Sh;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The independent oracle: btrfs-progs' own view of subvolumes, parsed. Tests only. */
final class BtrfsProgs {

    private BtrfsProgs() {
    }

    /** What `btrfs subvolume show` prints about a subvolume. */
    record Shown(long id, String uuid, String parentUuid, long generation, Instant created, boolean readOnly) {
    }

    static Shown show(Path subvolume) throws IOException {
        Map<String, String> fields = new HashMap<>();
        for (String line : Sh.ok("btrfs", "subvolume", "show", subvolume.toString()).split("\n")) {
            int colon = line.indexOf(':');
            if (line.startsWith("\t") && colon > 0) {
                fields.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        String parent = fields.get("Parent UUID");
        Instant created = OffsetDateTime.parse(fields.get("Creation time"),
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z")).toInstant();
        return new Shown(Long.parseLong(fields.get("Subvolume ID")), fields.get("UUID"),
                "-".equals(parent) ? null : parent, Long.parseLong(fields.get("Generation")), created,
                fields.get("Flags").contains("readonly"));
    }

    /** `btrfs subvolume show` succeeds only on a subvolume. */
    static boolean showSucceeds(Path path) throws IOException {
        return Sh.run("btrfs", "subvolume", "show", path.toString()).exitCode() == 0;
    }

    /** `btrfs property get PATH ro`. */
    static boolean readOnly(Path subvolume) throws IOException {
        String out = Sh.ok("btrfs", "property", "get", subvolume.toString(), "ro").trim();
        if (out.equals("ro=true")) {
            return true;
        }
        if (out.equals("ro=false")) {
            return false;
        }
        throw new IOException("unexpected output of btrfs property get: " + out);
    }

    /** `stat -f`: %S fundamental block size, %b total, %f free, %a available blocks. */
    static SpaceUsage statFs(Path path) throws IOException {
        String[] f = Sh.ok("stat", "-f", "-c", "%S %b %f %a", path.toString()).trim().split(" ");
        long unit = Long.parseLong(f[0]);
        return new SpaceUsage(Long.parseLong(f[1]) * unit, Long.parseLong(f[2]) * unit, Long.parseLong(f[3]) * unit);
    }

    /** Something read between two equal `stat -f` readings (btrfs may still be freeing space in the background). */
    interface SpaceReader<T> {
        T read() throws IOException;
    }

    /**
     * Reads {@code ours} between two `stat -f` readings until the two agree (the filesystem was still
     * for that moment; bounded), and returns the `stat -f` reading with ours.
     */
    static <T> Map.Entry<SpaceUsage, T> whileStill(Path path, SpaceReader<T> ours) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Sh.ok("btrfs", "filesystem", "sync", path.toString());
            SpaceUsage before = statFs(path);
            T read = ours.read();
            SpaceUsage after = statFs(path);
            if (before.equals(after) || attempt == 50) {
                return Map.entry(after, read);
            }
        }
    }

    /** `btrfs subvolume list MOUNTPOINT`: path relative to the top level, mapped to the subvolume id. */
    static Map<String, Long> list(Path mountPoint) throws IOException {
        Map<String, Long> subvolumes = new LinkedHashMap<>();
        for (String line : Sh.ok("btrfs", "subvolume", "list", mountPoint.toString()).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.trim().split(" ", 9);
            // ID <id> gen <gen> top level <id> path <path>
            subvolumes.put(f[8], Long.parseLong(f[1]));
        }
        return subvolumes;
    }
}
