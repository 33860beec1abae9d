package dev.weft.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A file a command reads, plain or gzipped (recognized by its first two bytes, whatever its name),
 * that knows how far it has been read, for the progress bar, and turns I/O and JSON failures into
 * one-line {@link BadInputException}s naming the file and the position.
 */
final class InputFile implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 16;
    private static final int GZIP_MAGIC = 0x8b1f;

    private final Path path;
    private final long size;
    private final CountingStream raw;
    private final InputStream content;

    private InputFile(Path path, long size, CountingStream raw, InputStream content) {
        this.path = path;
        this.size = size;
        this.raw = raw;
        this.content = content;
    }

    /**
     * Opens {@code path} for reading, decompressing it if it is gzip data.
     *
     * @throws BadInputException if the file is missing, unreadable, a directory or broken gzip data
     */
    static InputFile open(Path path) {
        if (Files.isDirectory(path)) {
            throw new BadInputException(path + ": is a directory, not a file");
        }
        CountingStream raw = null;
        try {
            long size = Files.size(path);
            raw = new CountingStream(Files.newInputStream(path));
            BufferedInputStream buffered = new BufferedInputStream(raw, BUFFER_BYTES);
            buffered.mark(2);
            int magic = buffered.read() | (buffered.read() << 8);
            buffered.reset();
            InputStream content = magic == GZIP_MAGIC ? new GZIPInputStream(buffered, BUFFER_BYTES) : buffered;
            return new InputFile(path, size, raw, content);
        } catch (IOException e) {
            closeQuietly(raw);
            throw failure(path, e);
        }
    }

    /** The decompressed content; read it once. */
    InputStream content() {
        return content;
    }

    /** The file's size on disk, in bytes. */
    long size() {
        return size;
    }

    /** How many bytes of the file (compressed, if it is gzip) have been read so far. */
    long bytesRead() {
        return raw.count;
    }

    /** A one-line description of a failure while reading this file. */
    BadInputException failure(IOException e) {
        return failure(path, e);
    }

    /** Bad content at the parser's {@code location}: {@code FILE line L column C: message}. */
    BadInputException badContent(JsonLocation location, String message) {
        return new BadInputException(path + " line " + location.getLineNr() + " column " + location.getColumnNr()
                + ": " + message);
    }

    /** Bad content on line {@code line}: {@code FILE line L: message}. */
    BadInputException badContent(int line, String message) {
        return new BadInputException(path + " line " + line + ": " + message);
    }

    @Override
    public void close() {
        closeQuietly(content);
    }

    private static BadInputException failure(Path path, IOException e) {
        if (e instanceof JsonProcessingException json) {
            JsonLocation at = json.getLocation();
            String where = at == null ? "" : " line " + at.getLineNr() + " column " + at.getColumnNr();
            return new BadInputException(path + where + ": malformed JSON: " + json.getOriginalMessage(), e);
        }
        if (e instanceof NoSuchFileException) {
            return new BadInputException(path + ": no such file", e);
        }
        if (e instanceof AccessDeniedException) {
            return new BadInputException(path + ": permission denied", e);
        }
        if (e instanceof EOFException) {
            return new BadInputException(path + ": the file ends too early (truncated gzip data?)", e);
        }
        if (e instanceof ZipException) {
            return new BadInputException(path + ": corrupt gzip data: " + e.getMessage(), e);
        }
        return new BadInputException(path + ": cannot read: " + e.getMessage(), e);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Reading is over and nothing was written: a failed close loses nothing.
        }
    }

    /** Counts the bytes read from the file itself, below any decompression. */
    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
