package byteback.client.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private long now;

    @Test
    void firstEventShownAtOnceThenAtMostFourTimesASecond() {
        List<String> shown = new ArrayList<>();
        Progress p = new Progress(shown::add, () -> now);
        p.listed(b("etc"));
        p.listed(b("etc/passwd"));
        assertEquals(List.of("1 files, 0 sent, 0 B sent, 0 B/s, /etc"), shown);
        now = Progress.INTERVAL_NANOS;
        p.sending(b("etc/passwd"));
        now = 2_000_000_000L;
        p.wrote(3 << 20);
        assertEquals(List.of("1 files, 0 sent, 0 B sent, 0 B/s, /etc", "2 files, 1 sent, 0 B sent, 0 B/s, /etc/passwd",
                "2 files, 1 sent, 3.0 MiB sent, 1.5 MiB/s, /etc/passwd"), shown);
        p.wrote(1);
        assertEquals(3, shown.size(), "not again within the interval");
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
