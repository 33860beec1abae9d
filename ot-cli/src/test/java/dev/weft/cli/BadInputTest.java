package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input of every kind: exit code 2 and one line on stderr that names the file and the fault. */
class BadInputTest {
    @TempDir
    Path dir;

    @Test
    void replay_missingFile() {
        Path missing = dir.resolve("nope.json");
        assertEquals("weft: " + missing + ": no such file", Cli.run("replay", missing.toString()).badInputLine());
    }

    @Test
    void replay_directory() {
        assertEquals("weft: " + dir + ": is a directory, not a file", Cli.run("replay", dir.toString()).badInputLine());
    }

    @Test
    void replay_truncatedGzip() throws IOException {
        byte[] trace = Files.readAllBytes(Cli.tracesDirectory().resolve("sveltecomponent.json.gz"));
        Path truncated = Files.write(dir.resolve("truncated.json.gz"), Arrays.copyOf(trace, trace.length / 2));
        assertEquals("weft: " + truncated + ": the file ends too early (truncated gzip data?)",
                Cli.run("replay", truncated.toString()).badInputLine());
    }

    @Test
    void replay_corruptGzip() throws IOException {
        byte[] trace = Files.readAllBytes(Cli.tracesDirectory().resolve("sveltecomponent.json.gz"));
        for (int i = 100; i < 200; i++) {
            trace[i] ^= 0x5a;
        }
        Path corrupt = Files.write(dir.resolve("corrupt.json.gz"), trace);
        String line = Cli.run("replay", corrupt.toString()).badInputLine();
        assertTrue(line.startsWith("weft: " + corrupt + ": "), line);
    }

    @Test
    void replay_malformedJson_namesLineAndColumn() throws IOException {
        Path bad = Cli.write(dir.resolve("bad.json"), "{\"startContent\": \"\",\n \"txns\": [ {\"patches\": [[0, 0, \"a\"] }");
        String line = Cli.run("replay", bad.toString()).badInputLine();
        assertTrue(line.startsWith("weft: " + bad + " line 2 column "), line);
        assertTrue(line.contains("malformed"), line);
    }

    @Test
    void replay_truncatedJson() throws IOException {
        Path bad = Cli.write(dir.resolve("cut.json"), "{\"startContent\": \"\", \"txns\": [ {\"patches\": [[0, 0, \"a\"]");
        String line = Cli.run("replay", bad.toString()).badInputLine();
        assertTrue(line.startsWith("weft: " + bad + " line 1 column "), line);
        assertTrue(line.contains("malformed JSON: Unexpected end-of-input"), line);
    }

    @Test
    void replay_notJsonAtAll() throws IOException {
        Path bad = Cli.write(dir.resolve("words.txt"), "hello world\n");
        String line = Cli.run("replay", bad.toString()).badInputLine();
        assertTrue(line.startsWith("weft: " + bad + " line 1 column "), line);
    }

    @Test
    void replay_emptyFile() throws IOException {
        Path empty = Cli.write(dir.resolve("empty.json"), "");
        assertTrue(Cli.run("replay", empty.toString()).badInputLine().endsWith(
                "expected a JSON object (an editing trace or a Weft edit-log header), found the end of the file"));
    }

    @Test
    void replay_objectOfNeitherFormat() throws IOException {
        Path other = Cli.write(dir.resolve("other.json"), "{\"name\": \"weft\"}");
        assertEquals("weft: " + other + " line 1: neither an editing trace (no \"txns\") nor a Weft edit log"
                + " (no \"weft\": \"edit-log\" header)", Cli.run("replay", other.toString()).badInputLine());
    }

    @Test
    void replay_patchThatDoesNotFit_namesThePatch() throws IOException {
        Path trace = Cli.write(dir.resolve("long.json"),
                "{\"startContent\":\"abc\",\"endContent\":\"\",\"txns\":[{\"patches\":[[1,0,\"x\"]]},\n{\"patches\":[[2,9,\"\"]]}]}");
        String line = Cli.run("replay", trace.toString()).badInputLine();
        assertTrue(line.startsWith("weft: " + trace + " line 2 column 13: patch 2 does not fit the 4-code-point document: "),
                line);
    }

    @Test
    void replay_patchWithNegativePosition() throws IOException {
        Path trace = Cli.write(dir.resolve("neg.json"), "{\"startContent\":\"abc\",\"txns\":[{\"patches\":[[-1,0,\"x\"]]}]}");
        String line = Cli.run("replay", trace.toString()).badInputLine();
        assertTrue(line.contains("patch 1 is malformed: position must not be negative, was -1"), line);
    }

    @Test
    void replay_editLogOpThatDoesNotFit_namesTheLine() throws IOException {
        Path log = Cli.write(dir.resolve("log.jsonl"), "{\"weft\":\"edit-log\",\"version\":1,\"startText\":\"ab\"}\n"
                + "{\"clientId\":\"alice\",\"seq\":1,\"v\":0,\"op\":[1,\"x\"]}\n"
                + "{\"clientId\":\"alice\",\"seq\":2,\"v\":1,\"op\":[9,\"y\"]}\n");
        String line = Cli.run("replay", log.toString()).badInputLine();
        assertTrue(line.startsWith("weft: " + log + " line 3: the server would refuse this op (INVALID_OP): "), line);
    }

    @Test
    void replay_editLogFutureVersion() throws IOException {
        Path log = Cli.write(dir.resolve("future.jsonl"), "{\"weft\":\"edit-log\",\"version\":1}\n"
                + "{\"clientId\":\"alice\",\"seq\":1,\"v\":4,\"op\":[\"x\"]}\n");
        assertEquals("weft: " + log + " line 2: the server would refuse this op (FUTURE_VERSION): base version 4 is"
                + " ahead of the document's version 0", Cli.run("replay", log.toString()).badInputLine());
    }

    @Test
    void replay_editLogMalformedOp() throws IOException {
        Path log = Cli.write(dir.resolve("op.jsonl"), "{\"weft\":\"edit-log\",\"version\":1}\n"
                + "{\"clientId\":\"alice\",\"seq\":1,\"v\":0,\"op\":[\"x\", {\"d\": 0}]}\n");
        String line = Cli.run("replay", log.toString()).badInputLine();
        assertTrue(line.startsWith("weft: " + log + " line 2: malformed \"op\": component 1 of the operation: "), line);
    }

    @Test
    void replay_editLogMissingField() throws IOException {
        Path log = Cli.write(dir.resolve("seq.jsonl"), "{\"weft\":\"edit-log\",\"version\":1}\n"
                + "{\"clientId\":\"alice\",\"v\":0,\"op\":[\"x\"]}\n");
        assertEquals("weft: " + log + " line 2: \"seq\" must be an integer of at least 1, was null",
                Cli.run("replay", log.toString()).badInputLine());
    }

    @Test
    void replay_editLogUnsupportedVersion() throws IOException {
        Path log = Cli.write(dir.resolve("v2.jsonl"), "{\"weft\":\"edit-log\",\"version\":2}\n");
        assertEquals("weft: " + log + " line 1: unsupported edit-log version 2: this weft reads version 1",
                Cli.run("replay", log.toString()).badInputLine());
    }

    @Test
    void replay_editLogLineThatIsNotAnObject() throws IOException {
        Path log = Cli.write(dir.resolve("arr.jsonl"), "{\"weft\":\"edit-log\",\"version\":1}\n[\"x\"]\n");
        assertEquals("weft: " + log + " line 2: expected an operation {\"clientId\", \"seq\", \"v\", \"op\"}, found [",
                Cli.run("replay", log.toString()).badInputLine());
    }

    @Test
    void export_notADataDirectory() {
        assertEquals("weft: " + dir + ": not a Weft data directory (it has no weft.db)",
                Cli.run("export", "notes", "--data-dir", dir.toString()).badInputLine());
    }

    @Test
    void inspect_missingDataDirectory() {
        Path missing = dir.resolve("missing");
        assertEquals("weft: " + missing + ": no such data directory",
                Cli.run("inspect", "--data-dir", missing.toString()).badInputLine());
    }

    @Test
    void serve_storeNotPostgres_namesTheExpectedForm() {
        assertEquals("weft: --store takes a PostgreSQL address, postgresql://host:port/db?user=name;"
                        + " for SQLite leave it out and give --data-dir",
                Cli.run("serve", "--port", "0", "--store", "mysql://127.0.0.1/weft").badInputLine());
    }

    @Test
    void serve_storeWithoutDatabase_saysSo() {
        String line = Cli.run("serve", "--port", "0", "--store", "postgresql://127.0.0.1:5432").badInputLine();
        assertTrue(line.startsWith("weft: the PostgreSQL address names no database"), line);
    }

    @Test
    void serve_storeUnreachable_failsWithoutThePassword() {
        String line = Cli.run("serve", "--port", "0", "--store",
                "postgresql://weft:s3cret@127.0.0.1:1/weft?connectTimeout=1").badInputLine();
        assertTrue(line.startsWith("weft: cannot open the store: cannot connect to postgresql://127.0.0.1:1/weft"), line);
        assertTrue(!line.contains("s3cret"), line);
    }

    @Test
    void serve_portOutOfRange() {
        assertEquals("weft: port must be between 0 and 65535, was 70000",
                Cli.run("serve", "--port", "70000", "--data-dir", dir.toString()).badInputLine());
    }
}
