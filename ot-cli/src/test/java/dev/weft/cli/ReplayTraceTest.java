package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code weft replay} of the editing-traces format, with the real traces in ../shared/traces. */
class ReplayTraceTest {
    @TempDir
    Path dir;

    static List<Path> traces() throws IOException {
        try (Stream<Path> files = Files.list(Cli.tracesDirectory())) {
            List<Path> traces = files.filter(f -> f.getFileName().toString().matches(".*\\.json(\\.gz)?")).sorted().toList();
            assertFalse(traces.isEmpty(), "no traces in " + Cli.tracesDirectory());
            return traces;
        }
    }

    @ParameterizedTest
    @MethodSource("traces")
    void replayVerify_realTrace_matchesEndContent(Path trace) {
        Cli.Run run = Cli.run("replay", "--verify", "--quiet", trace.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals("", run.err(), "--quiet prints nothing");
    }

    @Test
    void replay_printsTheFinalTextExactly() throws IOException {
        Path trace = Cli.tracesDirectory().resolve("sveltecomponent.json.gz");
        Cli.Run run = Cli.run("replay", trace.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals(endContent(trace), run.out());
    }

    @Test
    void replayOutput_writesTheTextAsUtf8() throws IOException {
        Path trace = Cli.write(dir.resolve("t.json"),
                "{\"startContent\":\"h\u00e9\",\"endContent\":\"h\u00e9\uD83D\uDE05!\",\"txns\":[{\"patches\":[[2,0,\"\uD83D\uDE05\"],[3,0,\"!\"]]}]}");
        Path output = dir.resolve("out.txt");
        Cli.Run run = Cli.run("replay", "--verify", "--output", output.toString(), trace.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals("h\u00e9\uD83D\uDE05!", Files.readString(output, StandardCharsets.UTF_8));
        assertTrue(run.err().startsWith("verified: the replayed text equals endContent (4 code points)"), run.err());
    }

    @Test
    void replay_startContentAfterTxns_stillApplies() throws IOException {
        Path trace = Cli.write(dir.resolve("late.json"),
                "{\"txns\":[{\"patches\":[[3,1,\"D\"]]}],\"endContent\":\"abcD\",\"startContent\":\"abcd\"}");
        Cli.Run run = Cli.run("replay", "--verify", trace.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals("abcD", run.out());
    }

    @Test
    void replayGzip_isRecognizedByContentNotName() throws IOException {
        Path trace = dir.resolve("trace.data");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(trace))) {
            out.write("{\"startContent\":\"\",\"endContent\":\"ab\",\"txns\":[{\"patches\":[[0,0,\"ab\"]]}]}"
                    .getBytes(StandardCharsets.UTF_8));
        }
        Cli.Run run = Cli.run("replay", trace.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals("ab", run.out());
    }

    @Test
    void replayVerify_wrongEndContent_exitsOneNamingTheCodePoint() throws IOException {
        Path trace = Cli.write(dir.resolve("wrong.json"),
                "{\"startContent\":\"\uD83D\uDE05 abc\",\"endContent\":\"\uD83D\uDE05 abX\",\"txns\":[]}");
        Cli.Run run = Cli.run("replay", "--verify", "--quiet", trace.toString());
        assertEquals(ExitCodes.CHECK_FAILED, run.exitCode());
        assertEquals("weft: verify failed: " + trace + ": the replayed text differs from endContent at code point 4"
                + " (of 5 expected, 5 replayed): expected \"X\" but got \"c\"", run.err().strip());
    }

    @Test
    void replayStats_printsCountsTimeAndRate() {
        Path trace = Cli.tracesDirectory().resolve("sveltecomponent.json.gz");
        Cli.Run run = Cli.run("replay", "--quiet", "--stats", trace.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertTrue(run.err().matches("replayed 19,749 patches in [0-9,]+ transactions in [0-9.]+ s \\([0-9,]+ patches/s\\)\\R"),
                run.err());
    }

    private static String endContent(Path gzippedTrace) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(gzippedTrace))) {
            return Json.MAPPER.readTree(in).get("endContent").asText();
        }
    }
}
