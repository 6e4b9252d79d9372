package io.debitwatch.console;

import io.debitwatch.console.auth.AccountSecurity;
import io.debitwatch.console.auth.AuthSettings;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The console service: its database (embedded or the operator's), the materializer that fills it
 * from Kafka and the HTTP server that reads it, behind the account login of {@link
 * AccountSecurity}. {@link #start} returns once all three run.
 */
public final class Console implements AutoCloseable {

    /**
     * What the console needs. {@code jdbcUrl} null means the embedded PostgreSQL under {@code
     * dataDir}; otherwise {@code jdbcUser} and {@code jdbcPassword} (null when the server needs
     * none) are used and {@code dataDir} is not. {@code auth} sets the login's timeouts, rate
     * limits and cookie flags.
     */
    public record Settings(
            String bootstrapServers,
            OutputTopics topics,
            Path dataDir,
            String jdbcUrl,
            String jdbcUser,
            String jdbcPassword,
            String bindAddress,
            int port,
            AuthSettings auth) {

        public Settings {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(topics, "topics");
            Objects.requireNonNull(bindAddress, "bindAddress");
            if (jdbcUrl == null) {
                Objects.requireNonNull(dataDir, "dataDir (for the embedded PostgreSQL)");
            } else {
                Objects.requireNonNull(jdbcUser, "jdbcUser (with a JDBC URL)");
            }
        }

        /** The same with the default login settings ({@link AuthSettings#defaults()}). */
        public Settings(
                String bootstrapServers,
                OutputTopics topics,
                Path dataDir,
                String jdbcUrl,
                String jdbcUser,
                String jdbcPassword,
                String bindAddress,
                int port) {
            this(
                    bootstrapServers,
                    topics,
                    dataDir,
                    jdbcUrl,
                    jdbcUser,
                    jdbcPassword,
                    bindAddress,
                    port,
                    AuthSettings.defaults());
        }

        /**
         * Where the data lives, for people: the JDBC URL without its parameters (which may hold a
         * password) or the embedded server's directory.
         */
        public String store() {
            return jdbcUrl != null
                    ? jdbcUrl.replaceFirst("\\?.*$", "")
                    : "embedded PostgreSQL in " + dataDir;
        }
    }

    private final ConsoleDatabase database;
    private final Materializer materializer;
    private final ConsoleServer server;

    private Console(ConsoleDatabase database, Materializer materializer, ConsoleServer server) {
        this.database = database;
        this.materializer = materializer;
        this.server = server;
    }

    public static Console start(Settings settings) {
        ConsoleDatabase database =
                settings.jdbcUrl() == null
                        ? ConsoleDatabase.embedded(settings.dataDir())
                        : ConsoleDatabase.external(
                                settings.jdbcUrl(), settings.jdbcUser(), settings.jdbcPassword());
        Materializer materializer = null;
        try {
            AccountSecurity security = new AccountSecurity(database.dataSource(), settings.auth());
            security.logIfNoAccounts();
            materializer =
                    Materializer.start(
                            settings.bootstrapServers(), settings.topics(), database.dataSource());
            ConsoleServer server =
                    ConsoleServer.start(
                            settings.bindAddress(),
                            settings.port(),
                            database,
                            materializer::assigned,
                            security);
            return new Console(database, materializer, server);
        } catch (RuntimeException e) {
            if (materializer != null) {
                materializer.stop();
            }
            database.close();
            throw e;
        }
    }

    /** The base URL of the HTTP server. */
    public String url() {
        return server.url();
    }

    public Materializer materializer() {
        return materializer;
    }

    public ConsoleDatabase database() {
        return database;
    }

    /** The PostgreSQL server's version, e.g. {@code 17.6}. */
    public String databaseVersion() throws SQLException {
        return database.serverVersion();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                materializer.stop();
            } finally {
                database.close();
            }
        }
    }
}
