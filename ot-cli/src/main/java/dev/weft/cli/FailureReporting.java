package dev.weft.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How {@code weft} reports what went wrong: bad usage and bad input as one line on stderr and
 * exit code {@value ExitCodes#BAD_INPUT}; anything else is a bug, reported with its stack trace
 * and exit code {@value ExitCodes#INTERNAL_ERROR}.
 */
final class FailureReporting implements IExecutionExceptionHandler, IParameterExceptionHandler, IExitCodeExceptionMapper {

    /** An unknown option, a missing parameter, a value that does not convert: the error and a hint. */
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("weft: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        if (e instanceof BadInputException) {
            err.println("weft: " + e.getMessage());
        } else {
            err.println("weft: internal error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return getExitCode(e);
    }

    @Override
    public int getExitCode(Throwable exception) {
        return exception instanceof BadInputException ? ExitCodes.BAD_INPUT : ExitCodes.INTERNAL_ERROR;
    }
}
