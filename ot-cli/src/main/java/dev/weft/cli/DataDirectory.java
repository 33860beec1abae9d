package dev.weft.cli;

import dev.weft.server.store.DocumentSummary;
import dev.weft.server.store.SqliteDocumentStore;
import dev.weft.server.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.sqlite.SQLiteConfig;

/**
 * A server's data directory, opened for {@code export} and {@code inspect}: the
 * {@link SqliteDocumentStore} in it, which takes the directory's lock (so a running server on the
 * same directory makes this fail rather than read a moving target), and every stored snapshot.
 */
final class DataDirectory implements AutoCloseable {
    /** The database file a server keeps in its data directory (docs/storage.md). */
    static final String DATABASE_FILE = "weft.db";

    private final Path directory;
    private final SqliteDocumentStore store;

    private DataDirectory(Path directory, SqliteDocumentStore store) {
        this.directory = directory;
        this.store = store;
    }

    /**
     * Opens the store in {@code directory}, which must hold a server's database already.
     *
     * @throws BadInputException if it holds none, or a server is using it
     */
    static DataDirectory open(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new BadInputException(directory + ": no such data directory");
        }
        if (!Files.isRegularFile(directory.resolve(DATABASE_FILE))) {
            throw new BadInputException(directory + ": not a Weft data directory (it has no " + DATABASE_FILE + ")");
        }
        try {
            return new DataDirectory(directory, SqliteDocumentStore.open(directory));
        } catch (StoreException e) {
            throw new BadInputException("cannot open " + directory + ": " + e.getMessage()
                    + (e.getMessage().contains("in use") ? " (stop the server first)" : ""), e);
        }
    }

    /** The store; closed with this directory. */
    SqliteDocumentStore store() {
        return store;
    }

    /**
     * Checks that the store holds {@code documentId}.
     *
     * @throws BadInputException naming the documents it does hold
     */
    void requireDocument(String documentId) {
        List<DocumentSummary> documents = store.list();
        if (documents.stream().noneMatch(d -> d.id().equals(documentId))) {
            String known = documents.isEmpty() ? "it holds no documents"
                    : "it holds " + documents.stream().limit(10).map(d -> "\"" + d.id() + "\"")
                            .collect(Collectors.joining(", ")) + (documents.size() > 10 ? ", ..." : "");
            throw new BadInputException("no document \"" + documentId + "\" in " + directory + "; " + known);
        }
    }

    /**
     * Every snapshot the store keeps of the document, oldest first. The store's API returns only
     * the latest one; the others (the base snapshot a document's history starts from) are read
     * from the database directly, read-only, by the schema of docs/storage.md.
     */
    List<StoredSnapshot> snapshots(String documentId) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        String url = "jdbc:sqlite:" + directory.resolve(DATABASE_FILE).toAbsolutePath();
        try (Connection connection = config.createConnection(url);
                PreparedStatement select = connection.prepareStatement("SELECT s.version, s.text FROM snapshots s"
                        + " JOIN documents d ON d.doc = s.doc WHERE d.id = ? ORDER BY s.version")) {
            select.setString(1, documentId);
            try (ResultSet rows = select.executeQuery()) {
                List<StoredSnapshot> snapshots = new ArrayList<>();
                while (rows.next()) {
                    snapshots.add(new StoredSnapshot(rows.getLong(1), rows.getString(2)));
                }
                return snapshots;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the snapshots of \"" + documentId + "\": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        store.close();
    }

    /** A document's text at a version, as the store keeps it. */
    record StoredSnapshot(long version, String text) {}
}
