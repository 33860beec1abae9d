package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OriginPolicyTest {
    private final OriginPolicy defaults = new OriginPolicy(List.of());

    @Test
    void defaults_sameOriginAndLoopbackPages() {
        assertTrue(defaults.allows(null, "weft.example.com"));
        assertTrue(defaults.allows("https://weft.example.com", "weft.example.com"));
        assertTrue(defaults.allows("https://weft.example.com", "weft.example.com:443"));
        assertTrue(defaults.allows("http://weft.example.com:8080", "weft.example.com:8080"));
        assertTrue(defaults.allows("HTTP://Weft.Example.com:8080/", "weft.example.com:8080"));
        assertTrue(defaults.allows("http://localhost:5173", "weft.example.com"));
        assertTrue(defaults.allows("http://127.0.0.1:3000", "weft.example.com"));
        assertTrue(defaults.allows("http://[::1]:3000", "weft.example.com"));
    }

    @Test
    void defaults_refuseOtherSites() {
        assertFalse(defaults.allows("https://evil.example", "weft.example.com"));
        assertFalse(defaults.allows("https://weft.example.com.evil.example", "weft.example.com"));
        assertFalse(defaults.allows("http://weft.example.com:8081", "weft.example.com:8080"));
        assertFalse(defaults.allows("https://weft.example.com", "weft.example.com:8443"));
        assertFalse(defaults.allows("null", "weft.example.com"));
        assertFalse(defaults.allows("https://weft.example.com", null));
        assertFalse(defaults.allows("not a uri", "weft.example.com"));
    }

    @Test
    void configured_exactlyThose() {
        OriginPolicy configured = new OriginPolicy(List.of("https://app.example.com/"));
        assertTrue(configured.allows("https://app.example.com", "weft.internal"));
        assertFalse(configured.allows("http://app.example.com", "weft.internal"));
        assertFalse(configured.allows("http://localhost:5173", "weft.internal"));
        assertFalse(configured.allows("https://weft.internal", "weft.internal"));
        assertTrue(configured.allows(null, "weft.internal"));
        assertTrue(new OriginPolicy(List.of("*")).allows("https://anywhere.example", "weft.internal"));
    }
}
