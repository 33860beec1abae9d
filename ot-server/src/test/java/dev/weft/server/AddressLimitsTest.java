package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressLimitsTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void connections_countedPerAddress_freedOnDisconnect() {
        AddressLimits limits = new AddressLimits(2, 100);
        assertTrue(limits.tryConnect("10.0.0.1"));
        assertTrue(limits.tryConnect("10.0.0.1"));
        assertTrue(limits.atConnectionLimit("10.0.0.1"));
        assertFalse(limits.tryConnect("10.0.0.1"));
        assertTrue(limits.tryConnect("10.0.0.2"), "another address has its own count");
        limits.disconnected("10.0.0.1");
        assertFalse(limits.atConnectionLimit("10.0.0.1"));
        assertTrue(limits.tryConnect("10.0.0.1"));
    }

    @Test
    void messages_sharedBucketPerAddress() {
        AddressLimits limits = new AddressLimits(10, 3);
        long now = System.nanoTime();
        assertTrue(limits.tryMessage("a", now));
        assertTrue(limits.tryMessage("a", now));
        assertTrue(limits.tryMessage("a", now));
        assertFalse(limits.tryMessage("a", now));
        assertTrue(limits.tryMessage("b", now));
        assertTrue(limits.tryMessage("a", now + SECOND / 3 + 1), "a third of a second refills one");
    }

    @Test
    void idleAddresses_forgotten() {
        AddressLimits limits = new AddressLimits(10, 3);
        assertTrue(limits.tryConnect("a"));
        long now = System.nanoTime();
        limits.tryMessage("b", now);
        assertEquals(2, limits.size());
        limits.forgetIdle(now);
        assertEquals(2, limits.size(), "kept while it holds a connection or its bucket refills");
        limits.disconnected("a");
        assertEquals(1, limits.size(), "an address without connections and with a full bucket is dropped");
        limits.forgetIdle(System.nanoTime() + 2 * SECOND);
        assertEquals(0, limits.size(), "an address that went quiet is dropped once its bucket refilled");
    }
}
