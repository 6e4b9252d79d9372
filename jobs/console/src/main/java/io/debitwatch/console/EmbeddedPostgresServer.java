package io.debitwatch.console;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real PostgreSQL server run from the binaries on the classpath ({@code io.zonky.test}), with its
 * data kept under a caller's directory so that a restart finds the store again. It listens on
 * 127.0.0.1 only.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The database user the embedded server is initialised with. */
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a server on {@code dataDir} (created and initialised when empty). */
    public static EmbeddedPostgresServer start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres postgres =
                    EmbeddedPostgres.builder()
                            .setDataDirectory(dataDir)
                            .setCleanDataDirectory(false)
                            .setServerConfig("listen_addresses", "127.0.0.1")
                            // The loaded 2-core machines this runs on need more than the 10 s
                            // default for initdb and the first start.
                            .setPGStartupWait(Duration.ofSeconds(60))
                            .start();
            return new EmbeddedPostgresServer(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
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
        }
    }
}
