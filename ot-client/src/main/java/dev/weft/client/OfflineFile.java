package dev.weft.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.ot.TextOperation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The offline-queue file: a client's id, its last seq and, per document with pending edits, what
 * is needed to send them after a restart of the application. docs/client.md describes the format
 * and why no edit is lost or sent twice.
 *
 * <p>Each write replaces the whole file atomically (a temporary file, forced to disk, then moved
 * over the old one), so a crash leaves either the old or the new state. A lock file keeps a second
 * process from using the same file, and so the same client id, at once.
 */
final class OfflineFile implements AutoCloseable {
    static final int FORMAT = 1;

    /**
     * One document's pending edits.
     *
     * @param version the server version this client had received
     * @param text the server's text at {@code version}
     * @param inFlightSeq the wire seq of {@code inFlight}, 0 if nothing is in flight
     * @param inFlight the edit sent and not yet acked, rebased onto {@code version}; or null
     * @param buffer the later edits, composed, to apply after {@code inFlight}; or null
     */
    record SavedDocument(long version, String text, long inFlightSeq, TextOperation inFlight, TextOperation buffer) {}

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final String clientId;
    private final long lastSeq;
    private final Map<String, SavedDocument> documents;

    private OfflineFile(Path path, FileChannel lockChannel, FileLock lock, String clientId, long lastSeq,
                        Map<String, SavedDocument> documents) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.clientId = clientId;
        this.lastSeq = lastSeq;
        this.documents = documents;
    }

    /**
     * Locks and reads {@code path}, or starts a new file there if it does not exist.
     *
     * @throws IOException if it cannot be read, is not an offline-queue file, or is in use
     */
    static OfflineFile open(Path path) throws IOException {
        Path lockPath = path.resolveSibling(path.getFileName() + ".lock");
        FileChannel channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("offline-queue file " + path + " is in use by another process");
        }
        try {
            if (!Files.exists(path)) {
                return new OfflineFile(path, channel, lock, null, 0, new LinkedHashMap<>());
            }
            JsonNode root = Json.MAPPER.readTree(Files.readString(path, StandardCharsets.UTF_8));
            if (root == null || root.path("format").asInt() != FORMAT) {
                throw new IOException(path + " is not a format-" + FORMAT + " Weft offline-queue file");
            }
            Map<String, SavedDocument> documents = new LinkedHashMap<>();
            root.path("documents").properties().forEach(e -> documents.put(e.getKey(), document(e.getValue())));
            return new OfflineFile(path, channel, lock, root.path("clientId").asText(), root.path("lastSeq").asLong(),
                    documents);
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e instanceof IOException io ? io : new IOException(path + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The client id the file was written for, or null if the file is new. */
    String clientId() {
        return clientId;
    }

    /** The last seq the client had handed out when the file was written. */
    long lastSeq() {
        return lastSeq;
    }

    /** The documents with pending edits, as read at {@link #open}. */
    Map<String, SavedDocument> documents() {
        return documents;
    }

    /** Replaces the file with {@code documents}: those with pending edits. */
    void write(String writerClientId, long writerLastSeq, Map<String, SavedDocument> current) throws IOException {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("clientId", writerClientId);
        root.put("lastSeq", writerLastSeq);
        ObjectNode docs = root.putObject("documents");
        current.forEach((id, saved) -> docs.set(id, node(saved)));
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(Json.write(root).getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        try {
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        lockChannel.close();
    }

    private static ObjectNode node(SavedDocument saved) {
        ObjectNode node = Json.object();
        node.put("version", saved.version());
        node.put("text", saved.text());
        if (saved.inFlight() != null) {
            ObjectNode inFlight = node.putObject("inFlight");
            inFlight.put("seq", saved.inFlightSeq());
            inFlight.set("op", Json.operation(saved.inFlight()));
        }
        if (saved.buffer() != null) {
            node.set("buffer", Json.operation(saved.buffer()));
        }
        return node;
    }

    private static SavedDocument document(JsonNode node) {
        JsonNode inFlight = node.get("inFlight");
        JsonNode buffer = node.get("buffer");
        if (!node.path("text").isTextual() || !node.path("version").canConvertToLong()) {
            throw new IllegalArgumentException("a document entry lacks its text or version");
        }
        return new SavedDocument(node.get("version").asLong(), node.get("text").textValue(),
                inFlight == null ? 0 : inFlight.path("seq").asLong(),
                inFlight == null ? null : Json.operation(inFlight.get("op")),
                buffer == null ? null : Json.operation(buffer));
    }
}
