package dev.weft.cli;

import dev.weft.ot.CommittedOp;
import dev.weft.ot.Sequencer;
import dev.weft.ot.Submission;
import dev.weft.server.store.SqliteDocumentStore;
import dev.weft.server.store.StoredHistory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft export DOC --data-dir D}: a document's whole history as a Weft edit log, which
 * {@code weft replay --verify} turns back into the stored text.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {
            "Writes a document's full history from a data directory as a Weft edit log (docs/edit-log.md).",
            "`weft replay --verify` of the export reproduces the stored text. Stop the server that uses the"
                    + " data directory first: it holds the directory's lock."})
final class ExportCommand implements Callable<Integer> {
    /** Operations read from the store at a time, so a long history never sits in memory whole. */
    private static final int PAGE = 10_000;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DOC", description = "the document id")
    private String documentId;

    @Option(names = {"-d", "--data-dir"}, paramLabel = "D", required = true, description = "the server's data directory")
    private Path dataDirectory;

    @Option(names = {"-o", "--output"}, paramLabel = "F",
            description = "write the log to F instead of stdout; gzipped if F ends with .gz")
    private Path output;

    @Override
    public Integer call() throws IOException {
        try (DataDirectory data = DataDirectory.open(dataDirectory)) {
            data.requireDocument(documentId);
            SqliteDocumentStore store = data.store();
            long oldest = store.oldestVersion(documentId);
            if (oldest > 0) {
                throw new BadInputException("the history of \"" + documentId + "\" before version " + oldest
                        + " was pruned; a full export is not possible");
            }
            String startText = data.snapshots(documentId).stream()
                    .filter(s -> s.version() == 0).map(DataDirectory.StoredSnapshot::text).findFirst().orElse("");
            // The final text as the server loads it: the latest snapshot plus the operations after it.
            Sequencer current = StoredHistory.openSequencer(store, documentId);
            EditLogHeader header = new EditLogHeader(documentId, startText, current.text().toString(), current.version());
            if (output == null) {
                PrintWriter out = spec.commandLine().getOut();
                write(store, header, out);
                out.flush();
            } else {
                try (Writer file = fileWriter(output)) {
                    write(store, header, file);
                } catch (IOException e) {
                    throw new BadInputException(output + ": cannot write: " + e.getMessage(), e);
                }
                spec.commandLine().getErr().printf(Locale.ROOT, "exported \"%s\": %,d ops to version %,d, to %s%n",
                        documentId, header.finalVersion(), header.finalVersion(), output);
            }
        }
        return ExitCodes.OK;
    }

    /** Each committed op as submitted against the version before it, so the replay rebases nothing. */
    private void write(SqliteDocumentStore store, EditLogHeader header, Writer out) throws IOException {
        EditLogWriter log = new EditLogWriter(out);
        log.writeHeader(header);
        for (long from = 0; from < header.finalVersion(); from += PAGE) {
            List<CommittedOp> page = store.ops(documentId, from, Math.min(from + PAGE, header.finalVersion()));
            for (CommittedOp entry : page) {
                log.writeOp(new Submission(entry.clientId(), entry.seq(), entry.version() - 1, entry.op()));
            }
        }
    }

    private static Writer fileWriter(Path file) {
        try {
            OutputStream stream = Files.newOutputStream(file);
            if (file.getFileName().toString().endsWith(".gz")) {
                stream = new GZIPOutputStream(stream, 1 << 16);
            }
            return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
