package dev.weft.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.bench.EditTrace;
import dev.weft.ot.Rope;
import dev.weft.ot.TextOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every real editing trace in shared/traces through ot-core: one {@link TextOperation}
 * per patch, applied to the rope, and the result must equal the trace's recorded end text.
 */
class TraceReplayTest {

    /** shared/ lies beside the repository root, both in a checkout and in CI's clean clone. */
    static Path tracesDirectory() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("traces");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/traces directory above " + start);
    }

    static Stream<Path> traces() throws IOException {
        try (Stream<Path> files = Files.list(tracesDirectory())) {
            List<Path> traces = files.filter(f -> f.getFileName().toString().matches(".*\\.json(\\.gz)?")).sorted().toList();
            assertFalse(traces.isEmpty(), "no traces found in " + tracesDirectory());
            return traces.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("traces")
    void replay_everyPatchAsOperation_reachesEndContent(Path file) throws IOException {
        EditTrace trace = EditTrace.load(file);
        assertTrue(trace.patches().size() > 1000, "a real trace has many patches: " + file);

        Rope text = Rope.of(trace.startContent());
        int applied = 0;
        for (EditTrace.Patch patch : trace.patches()) {
            TextOperation op = patch.toOperation();
            text = op.apply(text);
            applied++;
        }

        assertEquals(trace.patches().size(), applied);
        assertEquals(trace.endContent().codePointCount(0, trace.endContent().length()), text.length(), file + ": length");
        assertEquals(trace.endContent(), text.toString(), file + ": end text");
    }
}
