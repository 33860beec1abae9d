package dev.weft.cli;

import dev.weft.server.store.DocumentSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code weft inspect --data-dir D}: lists the documents of a data directory and checks that
 * every snapshot equals its history replayed, and that the recorded version and length match.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {
            "Lists the documents of a data directory with their version, length and last change, and checks the"
                    + " store's integrity: every snapshot must equal its history replayed. Exits 1 if one does not.",
            "Stop the server that uses the data directory first: it holds the directory's lock."})
final class InspectCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    @Option(names = {"-d", "--data-dir"}, paramLabel = "D", required = true, description = "the server's data directory")
    private Path dataDirectory;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<String> problems = new ArrayList<>();
        try (DataDirectory data = DataDirectory.open(dataDirectory)) {
            List<DocumentSummary> documents = data.store().list();
            out.printf(Locale.ROOT, "%-24s %10s %10s  %-20s  %s%n", "DOCUMENT", "VERSION", "LENGTH", "LAST CHANGE", "CHECK");
            for (DocumentSummary document : documents) {
                String problem = HistoryCheck.problem(data, document);
                out.printf(Locale.ROOT, "%-24s %,10d %,10d  %-20s  %s%n", document.id(), document.version(),
                        document.length(), TIME.format(document.lastChange()), problem == null ? "ok" : "FAILED");
                if (problem != null) {
                    problems.add(document.id() + ": " + problem);
                }
            }
            out.printf(Locale.ROOT, "%n%,d document%s in %s; ", documents.size(), documents.size() == 1 ? "" : "s",
                    dataDirectory);
            if (problems.isEmpty()) {
                out.println("every snapshot equals its history replayed.");
            } else {
                out.printf(Locale.ROOT, "%,d failed the check:%n", problems.size());
                problems.forEach(problem -> out.println("  " + problem));
            }
        }
        out.flush();
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
