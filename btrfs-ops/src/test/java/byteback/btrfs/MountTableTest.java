package byteback.btrfs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountTableTest {

    private static final List<String> LINES = List.of(
            "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw",
            "30 22 0:26 / /dev/shm rw,nosuid,nodev shared:5 - tmpfs tmpfs rw,size=24683620k",
            "41 22 0:40 / /srv/backup rw,relatime shared:20 - btrfs /dev/loop0 rw,space_cache=v2,user_subvol_rm_allowed,subvolid=5,subvol=/",
            "42 22 0:41 / /srv/backup\\040two rw,relatime shared:21 - btrfs /dev/loop1 rw,space_cache=v2,subvolid=5,subvol=/",
            "garbage line",
            "43 41 0:42 / /srv/backup/inner ro,relatime - btrfs /dev/loop2 ro,subvolid=5,subvol=/");

    @Test
    void findsTheMountHoldingAPathAndItsOptions() {
        MountTable table = MountTable.parse(LINES);
        MountTable.Mount backup = table.mountOf("/srv/backup/client/current").orElseThrow();
        assertEquals("/srv/backup", backup.mountPoint());
        assertEquals("btrfs", backup.fsType());
        assertTrue(backup.has("user_subvol_rm_allowed"));
        assertTrue(backup.has("relatime"));

        MountTable.Mount two = table.mountOf("/srv/backup two/x").orElseThrow();
        assertEquals("/srv/backup two", two.mountPoint());
        assertFalse(two.has("user_subvol_rm_allowed"));

        assertEquals("/srv/backup/inner", table.mountOf("/srv/backup/inner").orElseThrow().mountPoint());
        assertEquals("/", table.mountOf("/srv/backupx").orElseThrow().mountPoint());
        assertEquals("tmpfs", table.mountOf("/dev/shm/a").orElseThrow().fsType());
    }

    @Test
    void aLaterMountOnTheSamePointHidesTheEarlierOne() {
        MountTable table = MountTable.parse(List.of(
                "22 1 254:0 / / rw - ext4 /dev/vda rw",
                "50 22 0:50 / /mnt rw - btrfs /dev/loop3 rw",
                "51 50 0:51 / /mnt rw - btrfs /dev/loop4 rw,user_subvol_rm_allowed"));
        assertTrue(table.mountOf("/mnt/a").orElseThrow().has("user_subvol_rm_allowed"));
    }

    @Test
    void unescapesOctal() {
        assertEquals("a b\tc\\d", MountTable.unescape("a\\040b\\011c\\134d"));
        assertEquals("trailing\\04", MountTable.unescape("trailing\\04"));
        assertTrue(MountTable.parse(List.of()).mountOf("/x").isEmpty());
    }
}
