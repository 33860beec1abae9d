package dev.weft.fuzz;

/**
 * Example counts for the property tests. The defaults keep the fuzz module within its CI budget;
 * {@code -Dweft.long=true} multiplies every count by {@value #LONG_FACTOR} for soak runs.
 */
final class ExampleCounts {
    static final int LONG_FACTOR = 100;

    private ExampleCounts() {}

    /** {@code examples}, or {@value #LONG_FACTOR} times as many in long mode. */
    static int scaled(int examples) {
        return isLong() ? Math.multiplyExact(examples, LONG_FACTOR) : examples;
    }

    static boolean isLong() {
        return Boolean.getBoolean("weft.long");
    }
}
