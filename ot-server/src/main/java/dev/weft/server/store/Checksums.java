package dev.weft.server.store;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The checksum stored beside every snapshot's text and every operation's JSON: CRC-32C of the
 * UTF-8 bytes, as an unsigned 32-bit value. A read recomputes it, so a row damaged on disk (or
 * edited by hand) is reported instead of read as a wrong text. CRC-32C is hardware-accelerated on
 * current CPUs: checking a 10-million-character snapshot costs a few milliseconds.
 */
final class Checksums {
    private Checksums() {}

    static long of(String text) {
        CRC32C crc = new CRC32C();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /** Whether {@code stored} (null when the row has none) is the checksum of {@code text}. */
    static boolean matches(String text, Long stored) {
        return stored != null && stored == of(text);
    }
}
