package byteback.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefaultExcludesTest {
    private static final String MOUNTS = """
            /dev/sda1 / ext4 rw,relatime 0 0
            proc /proc proc rw,nosuid 0 0
            sysfs /sys sysfs rw 0 0
            udev /dev devtmpfs rw 0 0
            tmpfs /run tmpfs rw 0 0
            /dev/sdb1 /home xfs rw 0 0
            server:/export /mnt/nfs\\040share nfs4 rw 0 0
            /dev/sdc /srv/data btrfs rw 0 0
            """;

    @Test
    void nonLocalMountsJunkThatExistsAndTheKernelTrees() {
        Set<String> existing = Set.of("/tmp/", "/var/tmp/");
        List<String> ex = DefaultExcludes.compute(MOUNTS, existing::contains);
        assertEquals(List.of("/proc", "/sys", "/dev", "/run", "/mnt/nfs share", "/tmp/", "/var/tmp/"), ex);
    }

    @Test
    void alwaysTheKernelTreesEvenWithoutMounts() {
        assertEquals(List.of("/dev", "/proc", "/run", "/sys"), DefaultExcludes.compute("", p -> false));
    }

    @Test
    void slashesSqueezed() {
        assertEquals(List.of("/a/b/"), DefaultExcludes.normalise(List.of("//a///b/")));
    }
}
