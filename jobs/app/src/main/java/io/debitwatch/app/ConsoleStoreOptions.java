package io.debitwatch.app;

import io.debitwatch.console.ConsoleDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where the console's store is: the embedded PostgreSQL under {@code --data-dir}, or the operator's
 * own with {@code --jdbc-url}. Shared by {@code console} and its account and token commands.
 */
final class ConsoleStoreOptions {

    static final String PASSWORD_ENV = "DEBITWATCH_JDBC_PASSWORD";

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--jdbc-url",
            paramLabel = "URL",
            description =
                    "Your PostgreSQL, e.g. jdbc:postgresql://db:5432/debitwatch (default: an"
                            + " embedded PostgreSQL under --data-dir).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "With --jdbc-url.")
    String jdbcUser;

    @Option(
            names = "--jdbc-password-file",
            paramLabel = "FILE",
            description =
                    "A file holding the database password (else the environment variable "
                            + PASSWORD_ENV
                            + "; there is no default password).")
    Path jdbcPasswordFile;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "The embedded PostgreSQL's data (default: ${DEFAULT-VALUE}).")
    Path dataDir = Path.of(".debitwatch", "console", "pg");

    /** Checks the combination; the database password, or null. */
    String password(String envPassword) throws IOException {
        if (jdbcUrl == null && (jdbcUser != null || jdbcPasswordFile != null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--jdbc-user and --jdbc-password-file need --jdbc-url");
        }
        if (jdbcUrl != null && jdbcUser == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--jdbc-url needs --jdbc-user");
        }
        if (jdbcPasswordFile != null) {
            return SecretFiles.read(jdbcPasswordFile);
        }
        return jdbcUrl != null ? envPassword : null;
    }

    /** Opens (and migrates) the store; the caller closes it. */
    ConsoleDatabase open(String envPassword) throws IOException {
        String password = password(envPassword);
        return jdbcUrl == null
                ? ConsoleDatabase.embedded(dataDir)
                : ConsoleDatabase.external(jdbcUrl, jdbcUser, password);
    }

    /** Where the data lives, for people (no URL parameters, which may hold a password). */
    String store() {
        return jdbcUrl != null
                ? jdbcUrl.replaceFirst("\\?.*$", "")
                : "embedded PostgreSQL in " + dataDir;
    }

    /** Files that hold one secret each. */
    static final class SecretFiles {
        private SecretFiles() {}

        /** The file's text without the trailing newline an editor adds. */
        static String read(Path file) throws IOException {
            return Files.readString(file, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
        }
    }
}
