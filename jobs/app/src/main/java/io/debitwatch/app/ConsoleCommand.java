package io.debitwatch.app;

import io.debitwatch.console.Console;
import io.debitwatch.console.OutputTopics;
import io.debitwatch.job.DebitwatchOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code debitwatch console}: materialises the output topics into PostgreSQL (embedded, or the
 * operator's with {@code --jdbc-url}) and serves the incidents over HTTP on a loopback address,
 * until Ctrl-C.
 */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        description =
                "Store the job's alerts, refund requests and notifications in PostgreSQL as"
                        + " incidents and serve them over HTTP (loopback only: there is no login"
                        + " yet); runs until Ctrl-C. See docs/console.md.")
final class ConsoleCommand implements Callable<Integer> {

    static final String PASSWORD_ENV = "DEBITWATCH_JDBC_PASSWORD";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--bootstrap-servers",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(
            names = "--alerts-topic",
            paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE}.")
    String alertsTopic = DebitwatchOptions.ALERTS_TOPIC.defaultValue();

    @Option(
            names = "--refund-requests-topic",
            paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE}.")
    String refundRequestsTopic = DebitwatchOptions.REFUND_REQUESTS_TOPIC.defaultValue();

    @Option(
            names = "--notifications-topic",
            paramLabel = "TOPIC",
            description = "Default: ${DEFAULT-VALUE}.")
    String notificationsTopic = DebitwatchOptions.NOTIFICATIONS_TOPIC.defaultValue();

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

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description =
                    "Listen on this address (default: ${DEFAULT-VALUE}); only loopback addresses"
                            + " are accepted until the console has a login.")
    String bind = "127.0.0.1";

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port = 8088;

    @Override
    public Integer call() throws Exception {
        Console.Settings settings = settings(System.getenv(PASSWORD_ENV));
        Console console = Console.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    console.close();
                                    stopped.countDown();
                                },
                                "debitwatch-console-shutdown"));
        var out = spec.commandLine().getOut();
        out.println("console is up at " + console.url() + " (JSON API: /api/v1/incidents)");
        out.println(
                "store: " + settings.store() + " (PostgreSQL " + console.databaseVersion() + ")");
        out.println("Ctrl-C stops it.");
        out.flush();
        stopped.await();
        return 0;
    }

    /** The console's settings from these options; {@code envPassword} is the environment's. */
    Console.Settings settings(String envPassword) throws IOException {
        if (jdbcUrl == null && (jdbcUser != null || jdbcPasswordFile != null)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--jdbc-user and --jdbc-password-file need --jdbc-url");
        }
        if (jdbcUrl != null && jdbcUser == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--jdbc-url needs --jdbc-user");
        }
        String password = null;
        if (jdbcPasswordFile != null) {
            // A trailing newline is an editor's, not part of the password.
            password =
                    Files.readString(jdbcPasswordFile, StandardCharsets.UTF_8)
                            .replaceAll("[\\r\\n]+$", "");
        } else if (jdbcUrl != null && envPassword != null) {
            password = envPassword;
        }
        return new Console.Settings(
                bootstrapServers,
                new OutputTopics(alertsTopic, refundRequestsTopic, notificationsTopic),
                dataDir,
                jdbcUrl,
                jdbcUser,
                password,
                bind,
                port);
    }
}
