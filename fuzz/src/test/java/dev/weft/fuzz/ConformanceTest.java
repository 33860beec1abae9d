package dev.weft.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.ot.JsonCodec;
import dev.weft.ot.OperationJson;
import dev.weft.ot.Rope;
import dev.weft.ot.Selection;
import dev.weft.ot.Side;
import dev.weft.ot.TextOperation;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the engine against the ot-text-unicode 4.0.0 npm package, whose semantics
 * Weft promises to match exactly (docs/conformance.md).
 *
 * <p>{@code conformance/generate.js} makes random documents and operations and records the
 * package's answer for each case: apply, compose, transform on both sides, invert, invertWithDoc,
 * makeInvertible, stripInvertible, transformPosition and transformSelection. This test replays
 * every case through Weft and compares the answers as JSON trees (apply both on a string and on a
 * {@link Rope}). The vectors are regenerated on every run from two seeds, a fixed one and a
 * time-based one; {@code -Dweft.seed=S} replaces the time-based seed, so a failure reported for
 * seed S reproduces line for line.
 */
class ConformanceTest {
    private static final long FIXED_SEED = 20_240_601L;
    private static final int CASES_PER_SEED = Integer.getInteger("weft.cases", 60_000);
    private static final int MIN_CASES = 100_000;
    private static final int MAX_REPORTED = 10;
    private static final String PACKAGE = "ot-text-unicode";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonCodec CODEC = new JacksonCodec(MAPPER);

    @Test
    void engine_randomCases_matchOtTextUnicode() throws IOException, InterruptedException {
        Path conformance = conformanceDirectory();
        Path out = Files.createDirectories(baseDirectory().resolve("target").resolve("conformance"));
        installPackage(conformance, out);
        long[] seeds = {FIXED_SEED, secondSeed()};
        System.out.printf("conformance seeds %d and %d (rerun with -Dweft.seed=%d)%n", seeds[0], seeds[1], seeds[1]);

        long start = System.nanoTime();
        generate(conformance, out, seeds);
        long generated = System.nanoTime();
        Tally tally = new Tally();
        for (long seed : seeds) {
            check(seed, vectors(out, seed), tally);
        }
        System.out.printf("generated in %d ms, checked in %d ms%n",
                (generated - start) / 1_000_000, (System.nanoTime() - generated) / 1_000_000);
        System.out.printf("checked %d cases against %s: %s%n", tally.checked, PACKAGE, tally.mix);

        if (tally.mismatches > 0) {
            fail(tally.mismatches + " of " + tally.checked + " cases differ from " + PACKAGE + " (seeds "
                    + seeds[0] + " and " + seeds[1] + "); the first " + tally.reports.size() + ":\n\n"
                    + String.join("\n\n", tally.reports));
        }
        assertTrue(tally.checked >= MIN_CASES,
                "only " + tally.checked + " cases were checked, fewer than the " + MIN_CASES + " required");
    }

    /** Runs the generator for every seed at once, each writing its own file. */
    private static void generate(Path conformance, Path out, long[] seeds) throws IOException, InterruptedException {
        List<Command> generators = new ArrayList<>();
        List<Process> running = new ArrayList<>();
        for (long seed : seeds) {
            Command generator = new Command(conformance, out.resolve("generate-" + seed + ".log"), List.of(
                    "node", "generate.js", "--seed", Long.toString(seed),
                    "--cases", Integer.toString(CASES_PER_SEED), "--out", vectors(out, seed).toString()));
            generators.add(generator);
            running.add(generator.start());
        }
        for (int i = 0; i < generators.size(); i++) {
            generators.get(i).await(running.get(i));
        }
    }

    private static Path vectors(Path out, long seed) {
        return out.resolve("vectors-" + seed + ".jsonl");
    }

    /** Replays every line of {@code vectors} through the engine. */
    private static void check(long seed, Path vectors, Tally tally) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(vectors, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                @SuppressWarnings("unchecked")
                Map<String, Object> testCase = (Map<String, Object>) CODEC.read(line);
                String kind = (String) testCase.get("kind");
                Object expected = testCase.get("result");
                Object actual;
                try {
                    actual = answer(kind, testCase);
                } catch (RuntimeException e) {
                    actual = "threw " + e;
                }
                tally.count(kind);
                if (!Objects.equals(expected, actual)) {
                    tally.mismatch(describe(seed, lineNumber, testCase, expected, actual));
                }
            }
        }
    }

    /** Weft's answer to one case, in the shape of the package's {@code result}. */
    private static Object answer(String kind, Map<String, Object> c) {
        return switch (kind) {
            case "apply" -> apply(op(c, "op"), doc(c));
            case "compose" -> tree(op(c, "a").compose(op(c, "b")));
            case "transform" -> new TreeMap<>(Map.of(
                    "left", tree(TextOperation.transform(op(c, "a"), op(c, "b"), Side.LEFT)),
                    "right", tree(TextOperation.transform(op(c, "a"), op(c, "b"), Side.RIGHT))));
            case "invert" -> tree(op(c, "op").invert());
            case "invertWithDoc" -> tree(op(c, "op").invert(doc(c)));
            case "makeInvertible" -> tree(op(c, "op").withDeletedText(doc(c)));
            case "stripInvertible" -> tree(op(c, "op").withoutDeletedText());
            case "transformPosition" -> transformPositions(op(c, "op"), list(c, "positions"));
            case "transformSelection" -> transformSelections(op(c, "op"), list(c, "selections"));
            default -> throw new IllegalArgumentException("unknown case kind " + kind);
        };
    }

    /** Applies {@code op} to the document as a string and as a rope; the two must agree. */
    private static String apply(TextOperation op, String doc) {
        String viaString = op.apply(doc);
        String viaRope = op.apply(Rope.of(doc)).toString();
        return viaString.equals(viaRope) ? viaString
                : "apply(String) gave " + CODEC.write(viaString) + " but apply(Rope) gave " + CODEC.write(viaRope);
    }

    private static List<Integer> transformPositions(TextOperation op, List<?> positions) {
        List<Integer> moved = new ArrayList<>(positions.size());
        for (Object position : positions) {
            moved.add(op.transformPosition((Integer) position));
        }
        return moved;
    }

    private static List<List<Integer>> transformSelections(TextOperation op, List<?> selections) {
        List<List<Integer>> moved = new ArrayList<>(selections.size());
        for (Object s : selections) {
            List<?> ends = (List<?>) s;
            Selection result = op.transformSelection(new Selection((Integer) ends.get(0), (Integer) ends.get(1)));
            moved.add(List.of(result.anchor(), result.focus()));
        }
        return moved;
    }

    private static TextOperation op(Map<String, Object> c, String key) {
        return OperationJson.fromTree(c.get(key));
    }

    private static String doc(Map<String, Object> c) {
        return (String) c.get("doc");
    }

    private static List<?> list(Map<String, Object> c, String key) {
        return (List<?>) c.get(key);
    }

    private static List<Object> tree(TextOperation op) {
        return OperationJson.toTree(op);
    }

    private static String describe(long seed, int line, Map<String, Object> testCase, Object expected, Object actual) {
        Map<String, Object> inputs = new LinkedHashMap<>(testCase);
        inputs.remove("result");
        return "seed " + seed + ", line " + line + ": " + testCase.get("kind")
                + "\n  inputs:   " + CODEC.write(inputs)
                + "\n  expected: " + CODEC.write(expected)
                + "\n  actual:   " + (actual instanceof String s && s.startsWith("threw ") ? s : CODEC.write(actual));
    }

    /** The time-based second seed, unless {@code -Dweft.seed} names one. */
    private static long secondSeed() {
        String property = System.getProperty("weft.seed");
        if (property == null || property.isBlank()) {
            return System.currentTimeMillis() & 0xffff_ffffL;
        }
        long seed = Long.parseLong(property.trim());
        if (seed < 0 || seed > 0xffff_ffffL) {
            throw new IllegalArgumentException("weft.seed must be from 0 to " + 0xffff_ffffL + ", was " + seed);
        }
        return seed;
    }

    private static Path baseDirectory() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    }

    private static Path conformanceDirectory() {
        String property = System.getProperty("weft.conformance.dir");
        Path dir = property != null ? Path.of(property) : baseDirectory().resolve("../conformance");
        dir = dir.toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(dir.resolve("generate.js")),
                "no generate.js in " + dir + "; set -Dweft.conformance.dir to the conformance directory");
        return dir;
    }

    /** Runs {@code npm ci} unless the package is installed; the lockfile pins it. */
    private static void installPackage(Path conformance, Path out) throws IOException, InterruptedException {
        if (Files.isRegularFile(conformance.resolve("node_modules").resolve(PACKAGE).resolve("package.json"))) {
            return;
        }
        boolean windows = System.getProperty("os.name", "").startsWith("Windows");
        new Command(conformance, out.resolve("npm-ci.log"), List.of(windows ? "npm.cmd" : "npm", "ci", "--no-audit", "--no-fund"))
                .run();
    }

    /** A node or npm command run in {@code directory}, its output going to {@code log}. */
    private record Command(Path directory, Path log, List<String> args) {
        void run() throws IOException, InterruptedException {
            await(start());
        }

        Process start() throws IOException {
            try {
                return new ProcessBuilder(args).directory(directory.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new AssertionError("cannot run " + args.get(0) + ": the conformance test needs Node.js 18.3"
                        + " or later and npm on the PATH (" + e.getMessage() + ")", e);
            }
        }

        /** Waits for {@code process} and fails the test unless it exits with 0. */
        void await(Process process) throws IOException, InterruptedException {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(String.join(" ", args) + " did not finish in 5 minutes; output in " + log);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8).strip();
            System.out.println(output);
            if (process.exitValue() != 0) {
                fail(String.join(" ", args) + " in " + directory + " exited with " + process.exitValue() + ":\n" + output);
            }
        }
    }

    /** Cases checked, by kind, and the first mismatches. */
    private static final class Tally {
        final Map<String, Integer> mix = new TreeMap<>();
        final List<String> reports = new ArrayList<>();
        int checked;
        int mismatches;

        void count(String kind) {
            checked++;
            mix.merge(kind, 1, Integer::sum);
        }

        void mismatch(String report) {
            mismatches++;
            if (reports.size() < MAX_REPORTED) {
                reports.add(report);
            }
        }
    }
}
