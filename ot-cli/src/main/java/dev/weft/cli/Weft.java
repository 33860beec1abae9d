package dev.weft.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code weft} command: runs the document server and replays, exports and inspects edit
 * histories. {@code weft --help} lists the subcommands; README.md ("The weft command") shows them
 * at work.
 *
 * <p>Exit codes: {@value ExitCodes#OK} success, {@value ExitCodes#CHECK_FAILED} a check failed
 * (a replay that does not reproduce the expected text, a store whose snapshots disagree with its
 * history), {@value ExitCodes#BAD_INPUT} bad usage or bad input (one line on stderr, no stack
 * trace), {@value ExitCodes#INTERNAL_ERROR} an internal error (a bug: the stack trace is printed).
 */
@Command(name = "weft", mixinStandardHelpOptions = true, versionProvider = WeftVersion.class,
        description = "Weft: collaborative plain-text editing with operational transformation.",
        subcommands = {ServeCommand.class, ReplayCommand.class, ExportCommand.class, InspectCommand.class,
            LoadCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a check failed (replay --verify, inspect, load)",
            "2:bad usage or bad input",
            "3:internal error (a bug; please report it with the stack trace)"})
public final class Weft implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /**
     * Runs {@code weft} with {@code args} and exits the JVM with its exit code. Standard output
     * is UTF-8 whatever the locale, since it carries document text and edit logs.
     */
    public static void main(String[] args) {
        CommandLine weft = commandLine();
        weft.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        System.exit(weft.execute(args));
    }

    /**
     * A {@code weft} command line with its error handling and exit codes in place. Tests run
     * commands through it in-process and read its {@link CommandLine#getOut() out} and
     * {@link CommandLine#getErr() err} writers.
     */
    public static CommandLine commandLine() {
        FailureReporting failures = new FailureReporting();
        return new CommandLine(new Weft())
                .setExecutionExceptionHandler(failures)
                .setParameterExceptionHandler(failures)
                .setExitCodeExceptionMapper(failures);
    }

    /** {@code weft} without a subcommand: the usage, on stderr, as bad usage. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("weft: missing command");
        spec.commandLine().usage(err);
        return ExitCodes.BAD_INPUT;
    }
}
