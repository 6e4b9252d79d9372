package io.debitwatch.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL across a kill -9 of the console that ran it. */
class EmbeddedPostgresServerITCase {

    @Test
    void aServerLeftRunningByAKilledConsoleIsStoppedAtTheNextStartAndTheDataKept(@TempDir Path dir)
            throws Exception {
        Path data = dir.resolve("pg");
        Process child = startChild(data);
        long orphan;
        try {
            BufferedReader out =
                    new BufferedReader(
                            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line =
                    CompletableFuture.supplyAsync(() -> firstPortLine(out))
                            .get(90, TimeUnit.SECONDS);
            assertThat(line).as("the child's port line").startsWith("port=");
            String url = "jdbc:postgresql://127.0.0.1:" + line.substring(5) + "/postgres";
            try (Connection c =
                            DriverManager.getConnection(url, EmbeddedPostgresServer.USER, null);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (x int)");
                s.execute("INSERT INTO kept VALUES (42)");
            }
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        orphan = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
                .as("PostgreSQL outlives the killed JVM")
                .isPresent();

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data);
                Connection c =
                        DriverManager.getConnection(
                                server.jdbcUrl("postgres"), EmbeddedPostgresServer.USER, null);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT x FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
            assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).isEmpty();

            assertThatThrownBy(() -> EmbeddedPostgresServer.start(data))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another process is using the embedded PostgreSQL");
        }
    }

    private static String firstPortLine(BufferedReader out) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("port=")) {
                    return line;
                }
            }
            return "child exited without a port";
        } catch (java.io.IOException e) {
            return "cannot read the child's output: " + e;
        }
    }

    private static Process startChild(Path data) throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(
                        java.toString(),
                        "-Xmx128m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        EmbeddedPostgresProcess.class.getName(),
                        data.toString())
                .redirectErrorStream(true)
                .start();
    }
}
