package byteback.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import byteback.testsupport.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DirTimeRaceTest {
    private static final FileTime SENT = FileTime.from(Instant.parse("2026-01-02T03:04:05.123456789Z"));
    private Path work;
    private Path expected;
    private Path actual;
    private long start;

    @BeforeEach
    void setUp() throws Exception {
        work = Trees.tempDir("dirtimerace");
        expected = tree("expected");
        actual = tree("actual");
        start = DirTimeRace.now() - 60_000_000_000L; // both "transfers" began a minute ago
    }

    @AfterEach
    void tearDown() throws Exception {
        Trees.delete(work);
    }

    private Path tree(String name) throws Exception {
        Path root = Files.createDirectories(work.resolve(name));
        Files.createDirectory(root.resolve("d"));
        Files.writeString(root.resolve("f"), "same");
        for (Path p : new Path[] {root.resolve("f"), root.resolve("d"), root}) {
            Files.setLastModifiedTime(p, SENT);
        }
        return root;
    }

    private String diff(boolean actualMayRace) throws Exception {
        return DirTimeRace.diff(TreeSnapshot.of(expected), start, TreeSnapshot.of(actual), start, actualMayRace);
    }

    @Test
    void equalTreesStayEqual() throws Exception {
        assertEquals("", diff(false));
    }

    @Test
    void aDirectoryStampedDuringTheStockTransferIsForgiven() throws Exception {
        Files.setLastModifiedTime(expected, FileTime.from(Instant.now()));
        assertEquals("", diff(false));
        Files.setLastModifiedTime(expected.resolve("d"), FileTime.from(Instant.now()));
        assertEquals("", diff(false));
    }

    @Test
    void aStampOnTheActualSideIsForgivenOnlyWhenAStockClientWroteIt() throws Exception {
        Files.setLastModifiedTime(actual, FileTime.from(Instant.now()));
        assertEquals("", diff(true));
        assertNotEquals("", diff(false));
    }

    @Test
    void bothSidesStampedStillDiffer() throws Exception {
        Files.setLastModifiedTime(expected, FileTime.from(Instant.now()));
        Files.setLastModifiedTime(actual, FileTime.from(Instant.now().plusSeconds(1)));
        assertNotEquals("", diff(true));
    }

    @Test
    void aWrongTimeFromBeforeTheTransferStillDiffers() throws Exception {
        Files.setLastModifiedTime(actual.resolve("d"), FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
        assertNotEquals("", diff(true));
    }

    @Test
    void filesAndOtherDifferencesAreNeverForgiven() throws Exception {
        Files.setLastModifiedTime(expected.resolve("f"), FileTime.from(Instant.now()));
        assertNotEquals("", diff(true));
        Files.setLastModifiedTime(expected.resolve("f"), SENT);
        Files.setLastModifiedTime(expected.resolve("d"), FileTime.from(Instant.now()));
        Files.setPosixFilePermissions(expected.resolve("d"), java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        assertNotEquals("", diff(true));
    }

    @Test
    void aForgivenDirectoryIsRepairedOnDiscForTheNextRun() throws Exception {
        Files.setLastModifiedTime(expected.resolve("d"), FileTime.from(Instant.now()));
        assertEquals("", DirTimeRace.diffAndRepair(expected, start, actual, start, false));
        assertEquals(SENT, Files.getLastModifiedTime(expected.resolve("d")));
        assertEquals("", TreeSnapshot.of(expected).diff(TreeSnapshot.of(actual)));
    }
}
