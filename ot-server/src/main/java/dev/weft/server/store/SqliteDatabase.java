package dev.weft.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The database file of a data directory: locks the directory against a second server process,
 * migrates the schema with Flyway, and opens the writer's connection and a pool of read-only
 * connections.
 */
final class SqliteDatabase implements AutoCloseable {
    static final String FILE_NAME = "weft.db";
    static final String LOCK_NAME = "weft.lock";
    static final int BUSY_TIMEOUT_MILLIS = 5_000;
    static final String MIGRATIONS = "classpath:db/weft/sqlite";

    private final Path file;
    private final FileChannel lockChannel;
    private final SQLiteDataSource writeSource;
    private final HikariDataSource readPool;
    private Connection writer;

    private SqliteDatabase(Path file, FileChannel lockChannel, SQLiteDataSource writeSource,
                           HikariDataSource readPool) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.writeSource = writeSource;
        this.readPool = readPool;
    }

    static SqliteDatabase open(Path directory, SQLiteConfig.SynchronousMode synchronous, int readers) {
        FileChannel lock = lock(directory);
        try {
            Path file = directory.resolve(FILE_NAME);
            SqliteIntegrity.checkFile(file);
            SQLiteDataSource writeSource = dataSource(file, writeConfig(synchronous));
            migrate(writeSource, file);
            try (Connection c = writeSource.getConnection()) {
                SqliteIntegrity.checkTables(c, file);
            } catch (SQLException e) {
                throw SqliteIntegrity.damaged(file, e);
            }
            SQLiteConfig readConfig = new SQLiteConfig();
            readConfig.setReadOnly(true);
            readConfig.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
            HikariConfig pool = new HikariConfig();
            pool.setDataSource(dataSource(file, readConfig));
            pool.setMaximumPoolSize(readers);
            pool.setMinimumIdle(1);
            pool.setPoolName("weft-sqlite-readers");
            pool.setReadOnly(true); // must match the open flag: sqlite-jdbc cannot change it later
            return new SqliteDatabase(file, lock, writeSource, new HikariDataSource(pool));
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e instanceof StoreException ? e : new StoreException(
                    "cannot open the database in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * The writer's settings; see docs/storage.md. WAL lets readers run beside the writer;
     * synchronous FULL syncs the WAL at every commit, so an acked op survives power loss too.
     */
    private static SQLiteConfig writeConfig(SQLiteConfig.SynchronousMode synchronous) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        return config;
    }

    private static SQLiteDataSource dataSource(Path file, SQLiteConfig config) {
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        return source;
    }

    /**
     * Migrates the schema to the latest version: the SQL files of {@link #MIGRATIONS} and the Java
     * migrations. A database migrated by a newer Weft (a version this one does not know) is refused,
     * as is one whose applied migrations differ from this Weft's: Flyway would otherwise ignore
     * future versions.
     */
    private static void migrate(SQLiteDataSource source, Path file) {
        try {
            Flyway.configure(SqliteDatabase.class.getClassLoader())
                    .dataSource(source)
                    .locations(MIGRATIONS)
                    .javaMigrations(new ChecksumMigration())
                    .ignoreMigrationPatterns(new String[0])
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            if (SqliteIntegrity.isDamage(e)) {
                throw SqliteIntegrity.damaged(file, e);
            }
            throw new StoreException("the database file " + file + " does not fit this Weft's schema migrations"
                    + " (written by a newer Weft, or its migration history was changed): " + firstLines(e.getMessage()), e);
        }
    }

    private static String firstLines(String message) {
        String[] lines = String.valueOf(message).split("\\R");
        return String.join(" ", Arrays.copyOf(lines, Math.min(lines.length, 3))).trim();
    }

    /** Creates the directory and takes its lock file; a second process fails here, not later. */
    private static FileChannel lock(Path directory) {
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(directory.resolve(LOCK_NAME),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new StoreException("the data directory " + directory + " is in use by another process");
            }
            return channel;
        } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new StoreException("cannot lock the data directory " + directory + ": " + e.getMessage(), e);
        } catch (StoreException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    Path file() {
        return file;
    }

    /** The connection of the writer thread, which keeps it until the database closes. */
    synchronized Connection writer() throws SQLException {
        if (writer == null) {
            writer = writeSource.getConnection();
        }
        return writer;
    }

    /** A pooled read-only connection; close it to give it back. */
    Connection reader() throws SQLException {
        return readPool.getConnection();
    }

    /**
     * Closes the readers first: the last connection to close checkpoints the WAL into the
     * database file and deletes it, which only the read-write connection can do.
     */
    @Override
    public synchronized void close() {
        readPool.close();
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot close the database " + file + ": " + e.getMessage(), e);
        } finally {
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing releases the lock; nothing else depends on it.
        }
    }
}
