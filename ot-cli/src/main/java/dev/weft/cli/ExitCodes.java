package dev.weft.cli;

/** The exit codes of every {@code weft} command, as {@code weft --help} lists them. */
final class ExitCodes {
    /** The command did what was asked. */
    static final int OK = 0;
    /** A check failed: the replayed text differs from the expected one, or the store is inconsistent. */
    static final int CHECK_FAILED = 1;
    /** Bad usage (an unknown option, a missing argument) or bad input (a missing or malformed file). */
    static final int BAD_INPUT = 2;
    /** A bug in Weft. */
    static final int INTERNAL_ERROR = 3;

    private ExitCodes() {}
}
