package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The broadcast window, on a clock and a scheduler the test moves by hand: a quiet document's
 * op goes out at once, a busy document's ops wait for the window and go out in one frame per
 * participant, and nothing sent to a participant overtakes the ops gathered for it.
 */
class BroadcastsTest {
    private static final long WINDOW = TimeUnit.MILLISECONDS.toNanos(25);

    private long now = 1_000_000_000L;
    private final List<Scheduled> scheduled = new ArrayList<>();
    private final Broadcasts broadcasts = new Broadcasts("notes", WINDOW,
            (task, delay) -> scheduled.add(new Scheduled(task, now + delay)), () -> now);
    private final Inbox bob = new Inbox();
    private final Inbox carol = new Inbox();

    @Test
    void quietDocument_sendsEachOpAtOnce() {
        broadcasts.send(bob, op(1));
        assertEquals(List.of(opMessage(1)), bob.received);
        now += WINDOW;
        broadcasts.send(bob, op(2));
        assertEquals(List.of(opMessage(1), opMessage(2)), bob.received);
        assertTrue(scheduled.isEmpty(), "nothing waited: " + scheduled);
    }

    @Test
    void opsWithinTheWindow_waitForItsEnd_andGoOutTogetherToEachParticipant() {
        publishGroup(op(1));
        now += WINDOW / 5;
        publishGroup(op(2));
        now += WINDOW / 5;
        publishGroup(op(3));
        assertEquals(List.of(opMessage(1)), bob.received, "versions 2 and 3 wait for the window");
        assertEquals(1, scheduled.size(), "one end of window, whatever waits: " + scheduled);
        assertEquals(1_000_000_000L + WINDOW, scheduled.get(0).at, "the window ends 25 ms after the last broadcast");

        runScheduled();
        String both = "{\"type\":\"ops\",\"doc\":\"notes\",\"ops\":[" + op(2) + "," + op(3) + "]}";
        assertEquals(List.of(opMessage(1), both), bob.received);
        assertEquals(List.of(opMessage(1), both), carol.received);
    }

    @Test
    void busyDocument_sendsAtMostOneFramePerWindow() {
        broadcasts.send(bob, op(1));
        int version = 2;
        for (int window = 1; window <= 4; window++) {
            for (int i = 0; i < 5; i++) {
                now += WINDOW / 5 - 1;
                broadcasts.send(bob, op(version++));
            }
            runScheduled();
            assertEquals(1 + window, bob.received.size(), "frames after " + window + " windows: " + bob.received);
        }
        assertEquals(21, bob.opsReceived());
    }

    @Test
    void flushBeforeAnotherMessage_keepsVersionOrder_andTheRestStillWaits() {
        publishGroup(op(1));
        now += 1;
        publishGroup(op(2));

        broadcasts.flush(bob);
        bob.send("{\"type\":\"ack\",\"v\":3}");
        assertEquals(List.of(opMessage(1), opMessage(2), "{\"type\":\"ack\",\"v\":3}"), bob.received);
        assertEquals(List.of(opMessage(1)), carol.received);

        runScheduled();
        assertEquals(List.of(opMessage(1), opMessage(2)), carol.received);
        assertEquals(3, bob.received.size(), "bob's op was not sent twice: " + bob.received);
    }

    @Test
    void heldGroup_goesOutWhenReleased_orAtTheWindowIfItIsStillOpen() {
        broadcasts.hold();
        broadcasts.send(bob, op(1));
        broadcasts.send(bob, op(2));
        assertEquals(List.of(), bob.received);
        broadcasts.release();
        assertEquals(List.of("{\"type\":\"ops\",\"doc\":\"notes\",\"ops\":[" + op(1) + "," + op(2) + "]}"),
                bob.received, "a quiet document's group goes out on release");

        now += 1;
        publishGroup(op(3));
        assertEquals(1, bob.received.size());
        runScheduled();
        assertEquals(opMessage(3), bob.received.get(1));
    }

    @Test
    void forgottenParticipant_getsNothingMore() {
        publishGroup(op(1));
        now += 1;
        publishGroup(op(2));
        broadcasts.forget(bob);
        runScheduled();
        assertEquals(List.of(opMessage(1)), bob.received);
        assertEquals(List.of(opMessage(1), opMessage(2)), carol.received);
    }

    @Test
    void noWindow_sendsEveryOpAtOnce() {
        Broadcasts immediate = new Broadcasts("notes", 0, (task, delay) -> {
            throw new AssertionError("nothing should wait without a window");
        }, () -> now);
        for (int version = 1; version <= 3; version++) {
            immediate.send(bob, op(version));
        }
        assertEquals(List.of(opMessage(1), opMessage(2), opMessage(3)), bob.received);
    }

    /** Publishes one group commit's op as the pipeline does: held, then released. */
    private void publishGroup(String fragment) {
        broadcasts.hold();
        broadcasts.send(bob, fragment);
        broadcasts.send(carol, fragment);
        broadcasts.release();
    }

    /** Moves the clock to each scheduled task's time and runs it, as the document's executor would. */
    private void runScheduled() {
        while (!scheduled.isEmpty()) {
            Scheduled next = scheduled.remove(0);
            now = Math.max(now, next.at);
            next.task.run();
        }
    }

    private static String op(long version) {
        return "{\"v\":" + version + ",\"op\":[\"x\"],\"clientId\":\"alice\",\"seq\":" + version + "}";
    }

    private static String opMessage(long version) {
        return "{\"type\":\"op\",\"doc\":\"notes\"," + op(version).substring(1);
    }

    private record Scheduled(Runnable task, long at) {}

    private static final class Inbox implements Broadcasts.Recipient {
        final List<String> received = new ArrayList<>();

        @Override
        public void send(String json) {
            received.add(json);
        }

        int opsReceived() {
            int count = 0;
            for (String message : received) {
                count += message.split("\"clientId\"", -1).length - 1;
            }
            return count;
        }
    }
}
