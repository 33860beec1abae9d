package dev.weft.cli;

import dev.weft.ot.Rope;

/**
 * What a replay produced, and what the file says it should produce.
 *
 * @param text the document after the last operation
 * @param version the version the replay ended at (edit logs), or the number of patches applied (traces)
 * @param expectedText the text the file records as the outcome ({@code endContent}, {@code finalText}); null if none
 * @param expectedName the field {@code expectedText} came from, for messages
 * @param expectedVersion the version the file records as the outcome; null if none
 * @param counts what was replayed, for {@code --stats}: "259,778 patches in 182,315 transactions"
 * @param units how many patches or operations were replayed, for the rate
 * @param unitName what {@code units} counts: "patches" or "ops"
 */
record ReplayResult(Rope text, long version, String expectedText, String expectedName, Long expectedVersion,
                    String counts, long units, String unitName) {}
