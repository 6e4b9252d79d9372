package io.debitwatch.console;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The console's PostgreSQL: a connection pool on it with the schema migrated to the latest version.
 * Either the embedded server ({@link #embedded}) or the operator's own ({@link #external}).
 */
public final class ConsoleDatabase implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final EmbeddedPostgresServer embedded;

    private ConsoleDatabase(HikariDataSource dataSource, EmbeddedPostgresServer embedded) {
        this.dataSource = dataSource;
        this.embedded = embedded;
    }

    /** Starts the embedded PostgreSQL with its data under {@code dataDir} and migrates it. */
    public static ConsoleDatabase embedded(Path dataDir) {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir);
        try {
            return new ConsoleDatabase(
                    migratedPool(server.jdbcUrl("postgres"), EmbeddedPostgresServer.USER, null),
                    server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Connects to a PostgreSQL at {@code jdbcUrl} and migrates it. {@code password} may be null
     * (for a server that authenticates otherwise); there is no default.
     */
    public static ConsoleDatabase external(String jdbcUrl, String user, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): " + jdbcUrl);
        }
        return new ConsoleDatabase(migratedPool(jdbcUrl, user, password), null);
    }

    private static HikariDataSource migratedPool(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("debitwatch-console");
        // The materializer holds one connection, HTTP requests share the rest.
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        // Fail at start rather than on the first request when the database is unreachable.
        config.setInitializationFailTimeout(30_000);
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            return pool;
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL the pool connects to (no credentials in it). */
    public String jdbcUrl() {
        return dataSource.getJdbcUrl();
    }

    /** The server's version, e.g. {@code 17.6}. */
    public String serverVersion() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductVersion();
        }
    }

    /** True when a connection can be had and answers a query within two seconds. */
    public boolean reachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
