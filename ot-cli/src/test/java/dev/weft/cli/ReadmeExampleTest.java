package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.ot.Rope;
import dev.weft.ot.Side;
import dev.weft.ot.TextOperation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README.md's "Embed ot-core" example compiles and runs: {@link #example()} holds it, and
 * {@link #readme_javaBlock_isTheExampleHere()} checks that the README shows exactly that code,
 * so the two cannot drift apart.
 */
class ReadmeExampleTest {
    private static final Path SOURCE = Path.of("src/test/java/dev/weft/cli/ReadmeExampleTest.java");

    @Test
    void example() {
        // README example begins
        Rope doc = Rope.of("Hello world");
        TextOperation alice = TextOperation.insert(5, ",");          // "Hello, world"
        TextOperation bob = TextOperation.delete(6, 5);               // "Hello "
        // Each side applies its own op, then the other's op transformed over it:
        Rope atAlice = TextOperation.transform(bob, alice, Side.RIGHT).apply(alice.apply(doc));
        Rope atBob = TextOperation.transform(alice, bob, Side.LEFT).apply(bob.apply(doc));
        assert atAlice.equals(atBob);                                  // both "Hello, "
        // README example ends
        assertEquals("Hello, ", atAlice.toString());
        assertEquals("Hello, ", atBob.toString());
    }

    @Test
    void readme_javaBlock_isTheExampleHere() throws IOException {
        List<String> readme = javaBlock(Files.readString(readmePath()));
        List<String> imports = readme.stream().filter(line -> line.startsWith("import ")).toList();
        List<String> statements = readme.subList(imports.size(), readme.size()).stream()
                .dropWhile(String::isBlank).toList();
        String source = Files.readString(SOURCE);
        for (String line : imports) {
            assertTrue(source.contains("\n" + line + "\n"), () -> "this test imports what the README imports: " + line);
        }
        assertEquals(statements, exampleBody(source));
    }

    private static Path readmePath() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("ot-core"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("no README.md beside ot-core in or above " + Path.of("").toAbsolutePath());
    }

    private static List<String> javaBlock(String markdown) {
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        assertTrue(block.find(), "README.md has a ```java block");
        return block.group(1).lines().toList();
    }

    private static List<String> exampleBody(String source) {
        Matcher body = Pattern.compile("// README example begins\\n(.*?)\\n\\s*// README example ends", Pattern.DOTALL)
                .matcher(source);
        assertTrue(body.find(), "the example is marked in " + SOURCE);
        return body.group(1).lines().map(line -> line.startsWith("        ") ? line.substring(8) : line).toList();
    }
}
