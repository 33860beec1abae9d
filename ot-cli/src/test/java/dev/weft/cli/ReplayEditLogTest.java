package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft replay} of Weft edit logs: concurrent ops are rebased as the server rebases them. */
class ReplayEditLogTest {
    @TempDir
    Path dir;

    private Path log(String... lines) throws IOException {
        return Cli.write(dir.resolve("log.jsonl"), String.join("\n", lines) + "\n");
    }

    @Test
    void replay_sequentialOps_appliesThemInOrder() throws IOException {
        Path log = log("{\"weft\":\"edit-log\",\"version\":1,\"doc\":\"notes\",\"startText\":\"\",\"finalText\":\"Hello, world\",\"finalVersion\":2}",
                "{\"clientId\":\"alice\",\"seq\":1,\"v\":0,\"op\":[\"Hello world\"]}",
                "{\"clientId\":\"alice\",\"seq\":2,\"v\":1,\"op\":[5,\",\"]}");
        Cli.Run run = Cli.run("replay", "--verify", log.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals("Hello, world", run.out());
    }

    @Test
    void replay_staleBaseVersion_isRebasedOverConcurrentOps() throws IOException {
        // Bob made his op against version 0, before Alice's commit: his position 3 moves past her insert.
        Path log = log("{\"weft\":\"edit-log\",\"version\":1,\"startText\":\"abc\",\"finalText\":\"XabcY\",\"finalVersion\":2}",
                "{\"clientId\":\"alice\",\"seq\":1,\"v\":0,\"op\":[\"X\"]}",
                "{\"clientId\":\"bob\",\"seq\":1,\"v\":0,\"op\":[3,\"Y\"]}");
        Cli.Run run = Cli.run("replay", "--verify", "--stats", log.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals("XabcY", run.out());
        assertTrue(run.err().startsWith("replayed 2 ops (1 rebased over concurrent ops, 0 duplicates) to version 2 in "),
                run.err());
    }

    @Test
    void replay_concurrentInsertsAtOnePosition_laterArrivalGoesFirstAsOnTheServer() throws IOException {
        Path log = log("{\"weft\":\"edit-log\",\"version\":1,\"startText\":\"abc\"}",
                "{\"clientId\":\"alice\",\"seq\":1,\"v\":0,\"op\":[\"A\"]}",
                "{\"clientId\":\"bob\",\"seq\":1,\"v\":0,\"op\":[\"B\"]}");
        Cli.Run run = Cli.run("replay", log.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals("BAabc", run.out());
    }

    @Test
    void replay_resubmittedOp_isNotAppliedTwice() throws IOException {
        Path log = log("{\"weft\":\"edit-log\",\"version\":1,\"startText\":\"\",\"finalText\":\"ab\",\"finalVersion\":2}",
                "{\"clientId\":\"alice\",\"seq\":1,\"v\":0,\"op\":[\"a\"]}",
                "{\"clientId\":\"alice\",\"seq\":1,\"v\":0,\"op\":[\"a\"]}",
                "{\"clientId\":\"alice\",\"seq\":2,\"v\":1,\"op\":[1,\"b\"]}");
        Cli.Run run = Cli.run("replay", "--verify", "--stats", log.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals("ab", run.out());
        assertTrue(run.err().contains("(0 rebased over concurrent ops, 1 duplicates)"), run.err());
    }

    @Test
    void replay_headerFieldsInAnyOrder_areRead() throws IOException {
        Path log = log("{\"startText\":\"x\",\"finalText\":\"xy\",\"version\":1,\"weft\":\"edit-log\"}",
                "{\"op\":[1,\"y\"],\"v\":0,\"seq\":7,\"clientId\":\"c\"}");
        Cli.Run run = Cli.run("replay", "--verify", log.toString());
        assertEquals(ExitCodes.OK, run.exitCode(), run.err());
        assertEquals("xy", run.out());
    }

    @Test
    void replayVerify_textMismatch_exitsOne() throws IOException {
        Path log = log("{\"weft\":\"edit-log\",\"version\":1,\"startText\":\"\",\"finalText\":\"abd\"}",
                "{\"clientId\":\"alice\",\"seq\":1,\"v\":0,\"op\":[\"abc\"]}");
        Cli.Run run = Cli.run("replay", "--verify", "--quiet", log.toString());
        assertEquals(ExitCodes.CHECK_FAILED, run.exitCode());
        assertTrue(run.err().startsWith("weft: verify failed: " + log + ": the replayed text differs from finalText"
                + " at code point 2 "), run.err());
    }

    @Test
    void replayVerify_versionMismatch_exitsOne() throws IOException {
        Path log = log("{\"weft\":\"edit-log\",\"version\":1,\"startText\":\"\",\"finalText\":\"a\",\"finalVersion\":5}",
                "{\"clientId\":\"alice\",\"seq\":1,\"v\":0,\"op\":[\"a\"]}");
        Cli.Run run = Cli.run("replay", "--verify", "--quiet", log.toString());
        assertEquals(ExitCodes.CHECK_FAILED, run.exitCode());
        assertEquals("weft: verify failed: " + log + ": the replay ended at version 1, but finalVersion is 5",
                run.err().strip());
    }

    @Test
    void replayVerify_logWithoutFinalText_isBadInput() throws IOException {
        Path log = log("{\"weft\":\"edit-log\",\"version\":1}", "{\"clientId\":\"a\",\"seq\":1,\"v\":0,\"op\":[\"a\"]}");
        assertEquals("weft: " + log + ": records no finalText to verify against",
                Cli.run("replay", "--verify", log.toString()).badInputLine());
    }
}
