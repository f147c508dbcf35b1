package byteback.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WindowBudgetTest {
    private static final long W = 2048;

    @Test
    void aFewChannelsReopenTheirWholeWindowAsTheyRead() {
        WindowBudget b = new WindowBudget(4 * W, 256);
        WindowBudget.Share one = b.join(W);
        b.join(W);
        assertEquals(1000, one.taken(1000), "two channels fit: every byte read reopens the window");
        assertEquals(0, one.withheld());
    }

    @Test
    void manyChannelsKeepWhatTheyMayHaveInFlightWithinTheirShare() {
        // 16 channels, a budget of 4 windows: each may have W/4 in flight or queued
        WindowBudget b = new WindowBudget(4 * W, 64);
        List<WindowBudget.Share> shares = new ArrayList<>();
        for (int i = 0; i < 16; i++) shares.add(b.join(W));
        WindowBudget.Share s = shares.get(0);
        // the client filled the window (W sent, the initial credit); the command reads it all
        long given = 0;
        for (int i = 0; i < 8; i++) given += s.taken(W / 8);
        long inFlightAllowed = given; // the credit the client gets back
        assertEquals(W / 4, inFlightAllowed, "the window reopens only to the channel's share");
        assertEquals(W - W / 4, s.withheld());
    }

    @Test
    void neverBelowTheFloor() {
        WindowBudget b = new WindowBudget(W, 512);
        List<WindowBudget.Share> shares = new ArrayList<>();
        for (int i = 0; i < 100; i++) shares.add(b.join(W)); // share W/100 = 20 < floor
        assertEquals(512, shares.get(0).taken(W), "a channel always keeps the floor in flight: no stall");
    }

    @Test
    void whenChannelsLeaveTheHeldBackBytesComeBackWithTheNextRead() {
        WindowBudget b = new WindowBudget(4 * W, 64);
        List<WindowBudget.Share> shares = new ArrayList<>();
        for (int i = 0; i < 16; i++) shares.add(b.join(W));
        WindowBudget.Share s = shares.get(0);
        assertEquals(W / 4, s.taken(W));
        for (int i = 1; i < 16; i++) shares.get(i).leave();
        shares.get(1).leave(); // leaving twice counts once
        assertEquals(1, b.channels());
        assertEquals(W - W / 4 + 10, s.taken(10), "alone again: all that was held back reopens the window");
        assertEquals(0, s.withheld());
    }

    @Test
    void aChannelThatLeftGivesEverythingBack() {
        WindowBudget b = new WindowBudget(W, 64);
        List<WindowBudget.Share> shares = new ArrayList<>();
        for (int i = 0; i < 8; i++) shares.add(b.join(W));
        WindowBudget.Share s = shares.get(0);
        s.taken(W);
        s.leave();
        assertEquals(W - W / 8 + 1, s.taken(1));
    }

    @Test
    void aPacketQueueReadsThroughItsShare() throws Exception {
        // the queue's release goes through the share, as ChannelInput wires it
        WindowBudget b = new WindowBudget(W, 64);
        for (int i = 0; i < 7; i++) b.join(W);
        WindowBudget.Share s = b.join(W); // 8 channels: W/8 each
        AtomicLong reopened = new AtomicLong();
        PacketQueue q = new PacketQueue(W, new ChunkPool(64, 4), n -> reopened.addAndGet(s.taken(n)));
        q.offer(new byte[(int) W], 0, (int) W);
        byte[] buf = new byte[100];
        while (q.queued() > 0) q.input().read(buf, 0, buf.length);
        assertEquals(W / 8, reopened.get());
    }
}
