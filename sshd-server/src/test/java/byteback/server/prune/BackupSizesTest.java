package byteback.server.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupSizesTest {

    @Test
    void numbersSurviveARestart(@TempDir Path root) {
        BackupSizes sizes = new BackupSizes(root);
        assertEquals(new BackupSizes.Record(0, 0, 0, false), sizes.load("web1"));
        sizes.save("web1", new BackupSizes.Record(300, 12, 200, true));
        assertEquals(new BackupSizes.Record(300, 12, 200, true), new BackupSizes(root).load("web1"));
    }

    @Test
    void theLedgerSurvivesARestart(@TempDir Path root) {
        BackupSizes sizes = new BackupSizes(root);
        GrowthLedger ledger = new GrowthLedger(5000, true, List.of(new GrowthLedger.Backup(Instant.ofEpochSecond(100), 7),
                new GrowthLedger.Backup(Instant.ofEpochSecond(200), 9)));
        sizes.save("web1", new BackupSizes.Record(300, 12, 200, false, ledger));
        assertEquals(new BackupSizes.Record(300, 12, 200, false, ledger), new BackupSizes(root).load("web1"));
    }

    @Test
    void aRecordFromBeforeTheWindowCountsItsLargestBackupAsStored(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve(".byteback/backup-sizes"));
        Files.writeString(dir.resolve("web1"), "largest 4000\npending 0\nlast 10\nrefused 0\n");
        assertEquals(new GrowthLedger(4000, true, List.of()), new BackupSizes(root).load("web1").ledger());
    }

    @Test
    void theGrowthPermissionIsOneTime(@TempDir Path root) throws IOException {
        BackupSizes sizes = new BackupSizes(root);
        assertFalse(sizes.growthAllowed("web1"));
        sizes.allowGrowth("web1");
        assertTrue(sizes.growthAllowed("web1"));
        assertFalse(sizes.growthAllowed("web2"));
        sizes.useUpGrowthAllowance("web1");
        assertFalse(sizes.growthAllowed("web1"));
    }

    @Test
    void namesThatCouldLeaveTheStateDirectoryAreRefused(@TempDir Path root) {
        BackupSizes sizes = new BackupSizes(root);
        for (String bad : new String[] {"", ".", "..", "../x", "a/b", ".hidden", "a\0b"}) {
            assertThrows(IllegalArgumentException.class, () -> sizes.load(bad), bad);
        }
    }

    @Test
    void aDamagedFileCountsAsNoHistory(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve(".byteback/backup-sizes"));
        Files.writeString(dir.resolve("web1"), "largest lots\n");
        assertEquals(new BackupSizes.Record(0, 0, 0, false), new BackupSizes(root).load("web1"));
    }
}
