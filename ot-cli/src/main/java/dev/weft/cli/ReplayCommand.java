package dev.weft.cli;

import dev.weft.ot.Rope;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft replay FILE}: replays an editing trace or a Weft edit log and prints the final text. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
            "Replays an edit log and prints the final text to stdout.",
            "FILE is an editing trace (the josephg/editing-traces format, .json or .json.gz) or a Weft edit log"
                    + " (JSON lines, see docs/edit-log.md; gzipped or not). Operations of an edit log made against"
                    + " an older version are rebased exactly as the server does."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the trace or edit log to replay")
    private Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "F", description = "write the final text to F instead of stdout")
    private Path output;

    @Option(names = {"-q", "--quiet"}, description = "print neither the final text nor the verify confirmation")
    private boolean quiet;

    @Option(names = "--verify", description = "compare the final text with the one the file records"
            + " (endContent, or finalText and finalVersion); exit 1 on a mismatch")
    private boolean verify;

    @Option(names = "--stats", description = "print counts, elapsed time and patches per second to stderr")
    private boolean stats;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        ReplayResult result;
        try (InputFile input = InputFile.open(file)) {
            ProgressBar progress = System.console() != null ? ProgressBar.on(err, input.size(), System::nanoTime)
                    : ProgressBar.none();
            try {
                result = ReplayInput.replay(input, progress);
            } finally {
                progress.finish();
            }
        }
        long elapsed = System.nanoTime() - start;
        writeText(result.text());
        if (stats) {
            double seconds = elapsed / 1e9;
            err.printf(Locale.ROOT, "replayed %s in %.3f s (%,.0f %s/s)%n", result.counts(), seconds,
                    result.units() / Math.max(seconds, 1e-9), result.unitName());
        }
        int exitCode = verify ? verify(result, err) : ExitCodes.OK;
        err.flush();
        return exitCode;
    }

    private int verify(ReplayResult result, PrintWriter err) {
        if (result.expectedText() == null) {
            throw new BadInputException(file + ": records no " + result.expectedName() + " to verify against");
        }
        String replayed = result.text().toString();
        String difference = TextComparison.describeDifference(result.expectedText(), replayed, result.expectedName());
        if (difference != null) {
            err.println("weft: verify failed: " + file + ": the replayed text " + difference);
            return ExitCodes.CHECK_FAILED;
        }
        if (result.expectedVersion() != null && result.expectedVersion() != result.version()) {
            err.printf(Locale.ROOT, "weft: verify failed: %s: the replay ended at version %,d, but finalVersion is %,d%n",
                    file, result.version(), result.expectedVersion());
            return ExitCodes.CHECK_FAILED;
        }
        if (!quiet) {
            err.printf(Locale.ROOT, "verified: the replayed text equals %s (%,d code points)%n",
                    result.expectedName(), result.text().length());
        }
        return ExitCodes.OK;
    }

    private void writeText(Rope text) {
        if (output != null) {
            try (Writer writer = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                writeChunks(text, writer);
            } catch (IOException e) {
                throw new BadInputException(output + ": cannot write: " + e.getMessage(), e);
            }
        } else if (!quiet) {
            PrintWriter out = spec.commandLine().getOut();
            printChunks(text, out);
            out.flush();
        }
    }

    private static void writeChunks(Rope text, Writer writer) throws IOException {
        IOException[] failure = new IOException[1];
        text.forEachChunk(chunk -> {
            if (failure[0] == null) {
                try {
                    writer.write(chunk);
                } catch (IOException e) {
                    failure[0] = e;
                }
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void printChunks(Rope text, PrintWriter out) {
        text.forEachChunk(out::write);
    }
}
