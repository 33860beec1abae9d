package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TextComparisonTest {

    @Test
    void firstDifference_equalTexts_isMinusOne() {
        assertEquals(-1, TextComparison.firstDifference("abc", "abc"));
    }

    @Test
    void firstDifference_countsCodePointsNotUtf16Units() {
        assertEquals(3, TextComparison.firstDifference("\uD83D\uDE05\uD83D\uDE05ab", "\uD83D\uDE05\uD83D\uDE05aX"));
    }

    @Test
    void firstDifference_prefix_isTheShorterLength() {
        assertEquals(2, TextComparison.firstDifference("ab", "abc"));
        assertEquals(2, TextComparison.firstDifference("abc", "ab"));
    }

    @Test
    void describeDifference_quotesEscapedExcerpts() {
        assertEquals("differs from endContent at code point 1 (of 4 expected, 1 replayed): expected \"\\n\\\"c\""
                + " but got the end of the text", TextComparison.describeDifference("a\n\"c", "a", "endContent"));
        assertNull(TextComparison.describeDifference("x", "x", "endContent"));
    }

    @Test
    void describeDifference_longTexts_showTwentyCodePoints() {
        String expected = "0123456789".repeat(5);
        String actual = "0123456789X";
        assertEquals("differs from finalText at code point 10 (of 50 expected, 11 replayed): expected"
                + " \"01234567890123456789...\" but got \"X\"", TextComparison.describeDifference(expected, actual, "finalText"));
    }
}
