package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrantTest {
    private static final Instant EXP = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void patterns_exactIdOrPrefixStar() {
        Grant grant = new Grant("ada", "Ada", List.of("handbook", "team-*"), List.of("ada-*"), EXP);
        assertTrue(grant.canRead("handbook"));
        assertFalse(grant.canRead("handbook2"));
        assertTrue(grant.canRead("team-a"));
        assertTrue(grant.canRead("team-"));
        assertFalse(grant.canRead("teams"));
        assertFalse(grant.canWrite("team-a"));
        assertTrue(grant.canWrite("ada-notes"));
        assertTrue(grant.canRead("ada-notes"), "write implies read");
        assertFalse(grant.canRead("other"));
    }

    @Test
    void starAlone_everyDocument_noneWithoutPatterns() {
        assertTrue(new Grant("ada", "Ada", List.of("*"), List.of(), EXP).canRead("anything"));
        Grant nothing = new Grant("ada", "Ada", List.of(), List.of(), EXP);
        assertFalse(nothing.canRead("anything"));
        assertFalse(nothing.canWrite("anything"));
    }

    @Test
    void expired_fromExpOn() {
        Grant grant = new Grant("ada", "Ada", List.of(), List.of(), EXP);
        assertFalse(grant.expired(EXP.minusMillis(1)));
        assertTrue(grant.expired(EXP));
        assertFalse(Grant.ANYONE.expired(Instant.MAX));
        assertFalse(Grant.ANYONE.authenticated());
    }

    @Test
    void checkPattern_refusesWhatIsNoIdNorPrefix() {
        Grant.checkPattern("team-*");
        Grant.checkPattern("*");
        for (String bad : List.of("", "te*am", "**", "a b", "a/b*")) {
            ProtocolError error = assertThrows(ProtocolError.class, () -> Grant.checkPattern(bad), bad);
            assertEquals(ErrorCode.AUTH_FAILED, error.code());
        }
    }
}
