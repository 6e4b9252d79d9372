package io.debitwatch.console;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server run from the binaries on the classpath ({@code io.zonky.test}), with its
 * data kept under a caller's directory so that a restart finds the store again. It listens on
 * 127.0.0.1 only. A server left running by a console that was killed (kill -9 skips the shutdown
 * hook that stops it) is stopped at the next start on the same directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The database user the embedded server is initialised with. */
    public static final String USER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration ORPHAN_STOP = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final FileChannel lockChannel;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, FileChannel lockChannel) {
        this.postgres = postgres;
        this.lockChannel = lockChannel;
    }

    /** Starts a server on {@code dataDir} (created and initialised when empty). */
    public static EmbeddedPostgresServer start(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        FileChannel lock = null;
        try {
            Files.createDirectories(dir);
            lock = lock(dir);
            stopOrphan(dir);
            EmbeddedPostgres postgres =
                    EmbeddedPostgres.builder()
                            .setDataDirectory(dir)
                            .setCleanDataDirectory(false)
                            .setServerConfig("listen_addresses", "127.0.0.1")
                            // The loaded 2-core machines this runs on need more than the 10 s
                            // default for initdb and the first start.
                            .setPGStartupWait(Duration.ofSeconds(60))
                            .start();
            return new EmbeddedPostgresServer(postgres, lock);
        } catch (IOException e) {
            closeQuietly(lock);
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(lock);
            throw e;
        }
    }

    /**
     * Holds a lock beside the data directory for the server's lifetime, so that a server found
     * running on it at start can only be an orphan, never another live console's.
     */
    private static FileChannel lock(Path dir) throws IOException {
        Path file = dir.resolveSibling(dir.getFileName() + ".lock");
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // This JVM already holds it.
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException(
                    "another process is using the embedded PostgreSQL in "
                            + dir
                            + " ("
                            + file
                            + ")");
        }
        return channel;
    }

    /** Stops a postmaster that postmaster.pid says is still running on {@code dir}. */
    private static void stopOrphan(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() < 2 || !Path.of(lines.get(1).trim()).equals(dir)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()
                || !process.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
            return;
        }
        LOG.warn("stopping PostgreSQL {} left running on {} by an earlier console", pid, dir);
        // SIGTERM: a smart shutdown, which is immediate as its clients died with that console.
        process.get().destroy();
        try {
            process.get().onExit().get(ORPHAN_STOP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "PostgreSQL " + pid + " still runs on " + dir + "; stop it and start again", e);
        }
    }

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing the lock", e);
            }
        }
    }
}
