package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs {@code weft} in-process, as {@link Weft#main} would, and captures what it prints. */
final class Cli {
    private Cli() {}

    /** What one run of {@code weft} did. */
    record Run(int exitCode, String out, String err) {
        /** Asserts that the run failed on bad input with exactly one line on stderr, and returns it. */
        String badInputLine() {
            assertEquals(ExitCodes.BAD_INPUT, exitCode, () -> "exit code; stderr: " + err);
            assertEquals(1, err.lines().count(), () -> "one line on stderr, was: " + err);
            assertFalse(err.contains("Exception") || err.contains("\tat "), () -> "no stack trace: " + err);
            return err.strip();
        }
    }

    static Run run(String... args) {
        return run(Weft.commandLine(), args);
    }

    /** Runs {@code args} on a command line the caller prepared (for instance to reach a subcommand). */
    static Run run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** The shared/traces directory, found by walking up from the working directory. */
    static Path tracesDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("traces");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/traces in or above " + Path.of("").toAbsolutePath());
    }

    static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content);
    }
}
