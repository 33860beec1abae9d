package dev.weft.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The public contract of {@link Rope}: code-point positions, conversions and error messages. */
class RopeTest {
    private static final String EMOJI = "😀";

    @Test
    void empty_hasNoText() {
        Rope empty = Rope.empty();
        assertEquals(0, empty.length());
        assertEquals(0, empty.utf16Length());
        assertEquals("", empty.toString());
        assertEquals(Rope.of(""), empty);
    }

    @Test
    void of_null_throwsNullPointerExceptionNamingText() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Rope.of(null));
        assertEquals("text must not be null", e.getMessage());
    }

    @Test
    void length_surrogatePair_countsOneCodePoint() {
        Rope rope = Rope.of("a" + EMOJI + "b");
        assertEquals(3, rope.length());
        assertEquals(4, rope.utf16Length());
    }

    @Test
    void insert_atEnd_appends() {
        assertEquals("abcdef", Rope.of("abc").insert(3, "def").toString());
    }

    @Test
    void insert_atStart_prepends() {
        assertEquals("defabc", Rope.of("abc").insert(0, "def").toString());
    }

    @Test
    void insert_afterAstralCharacter_countsCodePoints() {
        assertEquals(EMOJI + "x" + EMOJI, Rope.of(EMOJI + EMOJI).insert(1, "x").toString());
    }

    @Test
    void insert_emptyText_returnsSameRope() {
        Rope rope = Rope.of("abc");
        assertSame(rope, rope.insert(1, ""));
    }

    @Test
    void insert_pastEnd_throwsNamingPositionAndLength() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Rope.of("abcdefg").insert(12, "x"));
        assertEquals("position 12 is past the end of a 7-code-point document", e.getMessage());
    }

    @Test
    void insert_negativePosition_throwsNamingPosition() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Rope.of("abc").insert(-1, "x"));
        assertEquals("position -1 is negative", e.getMessage());
    }

    @Test
    void insert_nullText_throwsNullPointerException() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Rope.of("abc").insert(0, null));
        assertEquals("text must not be null", e.getMessage());
    }

    @Test
    void delete_rangeWithAstralCharacter_removesCodePoints() {
        assertEquals("ac", Rope.of("a" + EMOJI + "bc").delete(1, 2).toString());
    }

    @Test
    void delete_runningPastEnd_throwsNamingCountPositionAndLength() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Rope.of("abcdefg").delete(3, 5));
        assertEquals("delete of 5 code points at position 3 runs past the end of a 7-code-point document", e.getMessage());
    }

    @Test
    void delete_negativeLength_throws() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Rope.of("abc").delete(1, -1));
        assertEquals("delete length -1 is negative", e.getMessage());
    }

    @Test
    void replace_range_replacesText() {
        assertEquals("a" + EMOJI + "d", Rope.of("abcd").replace(1, 2, EMOJI).toString());
    }

    @Test
    void replace_runningPastEnd_throws() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Rope.of("ab").replace(1, 2, "x"));
        assertEquals("replace of 2 code points at position 1 runs past the end of a 2-code-point document", e.getMessage());
    }

    @Test
    void append_text_addsAtEnd() {
        assertEquals("ab" + EMOJI, Rope.of("ab").append(EMOJI).toString());
    }

    @Test
    void slice_codePointRange_returnsText() {
        Rope rope = Rope.of("a" + EMOJI + "bc");
        assertEquals(EMOJI + "b", rope.slice(1, 3));
        assertEquals("", rope.slice(2, 2));
    }

    @Test
    void slice_reversedRange_throwsNamingBoth() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Rope.of("abcdef").slice(5, 3));
        assertEquals("range start 5 is after its end 3", e.getMessage());
    }

    @Test
    void slice_pastEnd_throwsNamingEndAndLength() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Rope.of("abc").slice(1, 9));
        assertEquals("range end 9 is past the end of a 3-code-point document", e.getMessage());
    }

    @Test
    void subRope_range_equalsRopeOfSlice() {
        String text = "x".repeat(3000) + EMOJI.repeat(500) + "y".repeat(3000);
        Rope rope = Rope.of(text);
        Rope sub = rope.subRope(2900, 3600);
        assertEquals(Rope.of(rope.slice(2900, 3600)), sub);
        RopeInvariants.check(sub);
    }

    @Test
    void regionMatches_textAtPosition_true() {
        assertTrue(Rope.of("a" + EMOJI + "bc").regionMatches(1, EMOJI + "b"));
    }

    @Test
    void regionMatches_differentText_false() {
        assertFalse(Rope.of("abcd").regionMatches(1, "bd"));
    }

    @Test
    void regionMatches_runningPastEnd_falseNotException() {
        assertFalse(Rope.of("abcd").regionMatches(2, "cde"));
        assertTrue(Rope.of("abcd").regionMatches(4, ""));
    }

    @Test
    void regionMatches_positionPastEnd_throws() {
        assertThrows(IndexOutOfBoundsException.class, () -> Rope.of("abcd").regionMatches(5, ""));
    }

    @Test
    void codePointAt_astralCharacter_returnsWholeCodePoint() {
        assertEquals(0x1F600, Rope.of("a" + EMOJI).codePointAt(1));
    }

    @Test
    void codePointAt_atEnd_throwsNamingLength() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Rope.of("abc").codePointAt(3));
        assertEquals("position 3 is at or past the end of a 3-code-point document", e.getMessage());
    }

    @Test
    void utf16Index_afterAstralCharacter_countsTwoUnits() {
        Rope rope = Rope.of(EMOJI + "a" + EMOJI);
        assertEquals(0, rope.utf16Index(0));
        assertEquals(2, rope.utf16Index(1));
        assertEquals(3, rope.utf16Index(2));
        assertEquals(5, rope.utf16Index(3));
    }

    @Test
    void codePointIndex_insidePair_countsHighHalfAsOne() {
        Rope rope = Rope.of("a" + EMOJI + "b");
        assertEquals(1, rope.codePointIndex(1));
        assertEquals(2, rope.codePointIndex(2), "as String.codePointCount counts a cut pair");
        assertEquals(2, rope.codePointIndex(3));
        assertEquals(3, rope.codePointIndex(4));
    }

    @Test
    void codePointIndex_pastEnd_throwsNamingUtf16Length() {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> Rope.of(EMOJI).codePointIndex(3));
        assertEquals("UTF-16 index 3 is past the end of a 2-unit document", e.getMessage());
    }

    @Test
    void indexConversions_largeMixedText_matchString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append(i % 7 == 0 ? EMOJI : i % 5 == 0 ? "ж" : "a");
        }
        String s = text.toString();
        Rope rope = Rope.of(s).insert(9_000, EMOJI + "zz").delete(100, 3);
        String expected = rope.toString();
        for (int p = 0; p <= rope.length(); p += 7) {
            assertEquals(expected.offsetByCodePoints(0, p), rope.utf16Index(p), "utf16Index " + p);
        }
        for (int i = 0; i <= expected.length(); i += 5) {
            assertEquals(expected.codePointCount(0, i), rope.codePointIndex(i), "codePointIndex " + i);
        }
    }

    @Test
    void loneSurrogates_countOneCodePointEach() {
        Rope rope = Rope.of("\uD83D" + "x" + "\uDE00");
        assertEquals(3, rope.length());
        assertEquals(3, rope.utf16Length());
    }

    @Test
    void delete_betweenLoneSurrogates_joinsThemIntoOnePair() {
        Rope rope = Rope.of("\uD83D" + "x" + "\uDE00").delete(1, 1);
        assertEquals(EMOJI, rope.toString());
        assertEquals(1, rope.length());
    }

    @Test
    void insert_lowSurrogateAfterLoneHigh_formsOnePair() {
        Rope rope = Rope.of("a".repeat(5000) + "\uD83D").insert(5001, "\uDE00" + "b");
        assertEquals(5002, rope.length());
        assertEquals(EMOJI, rope.slice(5000, 5001));
        RopeInvariants.check(rope);
    }

    @Test
    void concat_loneSurrogatesAtSeam_joinIntoOnePair() {
        Rope left = Rope.of("a".repeat(3000) + "\uD83D");
        Rope right = Rope.of("\uDE00" + "b".repeat(3000));
        Rope joined = left.concat(right);
        assertEquals(6001, joined.length());
        assertEquals(0x1F600, joined.codePointAt(3000));
        RopeInvariants.check(joined);
    }

    @Test
    void concat_null_throwsNullPointerException() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> Rope.of("a").concat(null));
        assertEquals("other must not be null", e.getMessage());
    }

    @Test
    void forEachChunk_chunks_concatenateToText() {
        String text = "abc".repeat(10_000) + EMOJI.repeat(1000);
        StringBuilder out = new StringBuilder();
        Rope.of(text).insert(5, "xyz").forEachChunk(chunk -> {
            assertFalse(chunk.isEmpty());
            out.append(chunk);
        });
        assertTrue(out.toString().equals(text.substring(0, 5) + "xyz" + text.substring(5)));
    }
}
