package dev.weft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WeftCommandTest {

    @Test
    void help_listsEveryCommandAndTheExitCodes() {
        Cli.Run run = Cli.run("--help");
        assertEquals(ExitCodes.OK, run.exitCode());
        for (String command : new String[] {"serve", "replay", "export", "inspect"}) {
            assertTrue(run.out().contains("  " + command + " "), () -> command + " in: " + run.out());
        }
        assertTrue(run.out().contains("2   bad usage or bad input"), run.out());
    }

    @Test
    void version_namesWeftAndJava() {
        Cli.Run run = Cli.run("--version");
        assertEquals(ExitCodes.OK, run.exitCode());
        assertTrue(run.out().startsWith("weft "), run.out());
        assertTrue(run.out().contains("Java " + System.getProperty("java.version")), run.out());
    }

    @Test
    void noCommand_isBadUsageWithTheUsageOnStderr() {
        Cli.Run run = Cli.run();
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("weft: missing command"), run.err());
        assertTrue(run.err().contains("Usage: weft"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void unknownCommand_isBadUsageWithAHint() {
        Cli.Run run = Cli.run("replya", "x.json");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("weft: Unmatched argument"), run.err());
        assertTrue(run.err().contains("replay"), () -> "suggests replay: " + run.err());
    }

    @Test
    void missingParameter_isBadUsage() {
        Cli.Run run = Cli.run("replay");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("weft: Missing required parameter: 'FILE'"), run.err());
    }

    @Test
    void badOptionValue_isBadUsage() {
        Cli.Run run = Cli.run("serve", "--port", "eighty");
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("'eighty' is not an int"), run.err());
    }

    @Test
    void subcommandHelp_showsItsOptions() {
        Cli.Run run = Cli.run("replay", "--help");
        assertEquals(ExitCodes.OK, run.exitCode());
        for (String option : new String[] {"--output", "--quiet", "--verify", "--stats"}) {
            assertTrue(run.out().contains(option), () -> option + " in: " + run.out());
        }
    }
}
