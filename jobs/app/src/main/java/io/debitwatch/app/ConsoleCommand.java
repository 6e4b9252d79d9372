package io.debitwatch.app;

import io.debitwatch.console.Console;
import io.debitwatch.console.OutputTopics;
import io.debitwatch.console.auth.AccountStore;
import io.debitwatch.console.auth.AuthSettings;
import io.debitwatch.job.DebitwatchOptions;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code debitwatch console}: materialises the output topics into PostgreSQL (embedded, or the
 * operator's with {@code --jdbc-url}) and serves the incidents over HTTP to signed-in accounts and
 * API tokens, until Ctrl-C. Its subcommands manage accounts and tokens in the same store.
 */
@Command(
        name = "console",
        mixinStandardHelpOptions = true,
        subcommands = {
            ConsoleAddUserCommand.class,
            ConsoleSetPasswordCommand.class,
            ConsoleDisableUserCommand.class,
            ConsoleAddTokenCommand.class,
            ConsoleRevokeTokenCommand.class
        },
        description =
                "Store the job's alerts, refund requests and notifications in PostgreSQL as"
                        + " incidents and serve them over HTTP to signed-in accounts (create them"
                        + " with 'console add-user'); runs until Ctrl-C. See docs/console.md.")
final class ConsoleCommand implements Callable<Integer> {

    static final String PASSWORD_ENV = ConsoleStoreOptions.PASSWORD_ENV;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (required to run the console).")
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

    @CommandLine.Mixin ConsoleStoreOptions store = new ConsoleStoreOptions();

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            description =
                    "Listen on this address (default: ${DEFAULT-VALUE}); every request but the"
                            + " health checks and the sign-in page needs an account or an API"
                            + " token.")
    String bind = "127.0.0.1";

    @Option(
            names = "--port",
            paramLabel = "N",
            description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port = 8088;

    @Option(
            names = "--secure-cookies",
            description =
                    "Mark the session cookie Secure even on plain HTTP: for a console behind a"
                            + " TLS-terminating proxy (requests over HTTPS get it anyway).")
    boolean secureCookies;

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
        out.println(
                "console is up at "
                        + console.url()
                        + " (incidents: /incidents, JSON API: /api/v1/incidents)");
        out.println("sign in at " + console.url() + "/login");
        if (new AccountStore(console.database().dataSource()).count() == 0) {
            out.println(
                    "there are no accounts yet: stop the console and create one with"
                            + " ./debitwatch console add-user --username NAME --role admin"
                            + " (same --data-dir or --jdbc-url)");
        }
        out.println(
                "store: " + settings.store() + " (PostgreSQL " + console.databaseVersion() + ")");
        out.println("Ctrl-C stops it.");
        out.flush();
        stopped.await();
        return 0;
    }

    /** The console's settings from these options; {@code envPassword} is the environment's. */
    Console.Settings settings(String envPassword) throws IOException {
        if (bootstrapServers == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "Missing required option: '--bootstrap-servers=HOST:PORT'");
        }
        String password = store.password(envPassword);
        return new Console.Settings(
                bootstrapServers,
                new OutputTopics(alertsTopic, refundRequestsTopic, notificationsTopic),
                store.dataDir,
                store.jdbcUrl,
                store.jdbcUser,
                password,
                bind,
                port,
                AuthSettings.defaults().withSecureCookies(secureCookies));
    }
}
