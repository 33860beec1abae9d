package dev.weft.faults;

import java.util.concurrent.ThreadLocalRandom;

/** The seed of a randomized test: {@code -Dweft.seed=N} to repeat a run, otherwise a new one. */
final class Seeds {
    private Seeds() {}

    static long seed() {
        String given = System.getProperty("weft.seed");
        return given != null && !given.isBlank() ? Long.parseLong(given.trim())
                : ThreadLocalRandom.current().nextLong(1L << 32);
    }

    /** Whether the soak mode ({@code -Dweft.long=true}) is on. */
    static boolean soak() {
        return Boolean.getBoolean("weft.long");
    }

    static String reproduce(String test, long seed) {
        return "reproduce with: mvn -pl faults test -Dtest=" + test + " -Dweft.seed=" + seed;
    }
}
