package io.debitwatch.app;

import io.debitwatch.job.UnknownOptionException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code debitwatch} command line: {@code demo}, {@code run}, {@code replay}, {@code bench}.
 */
@Command(
        name = "debitwatch",
        mixinStandardHelpOptions = true,
        version = "debitwatch 0.1.0",
        description = "Finds customers debited while the POS showed \"payment failed\" (掉单).",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            ReplayCommand.class,
            SimulateCommand.class,
            KafkaCommand.class,
            ConsoleCommand.class,
            BenchCommand.class,
            LatencyBenchCommand.class,
            ReceiveCommand.class,
            ReceiveBenchCommand.class,
            ConsoleBenchCommand.class
        })
public final class Main implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(java.time.Duration.class, Durations::parse)
                .setExecutionExceptionHandler(Main::failed);
    }

    /**
     * A failed command says what went wrong in one line; the stack trace goes to the log file,
     * where an on-call engineer can find it, not onto the operator's terminal.
     */
    private static int failed(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        LoggerFactory.getLogger(Main.class).error("debitwatch {} failed", cmd.getCommandName(), e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message =
                root instanceof NoSuchFileException nsf
                        ? nsf.getFile()
                                + (nsf.getReason() == null
                                        ? ": no such file"
                                        : ": " + nsf.getReason())
                        : root.getClass().getSimpleName() + ": " + root.getMessage();
        cmd.getErr().println("debitwatch " + cmd.getCommandName() + ": " + message);
        if (root instanceof UnknownOptionException) {
            return CommandLine.ExitCode.USAGE; // a misspelt option, as picocli's own are
        }
        String log = System.getProperty("debitwatch.log.file");
        if (log != null) {
            cmd.getErr().println("(details in " + log + ")");
        }
        return 1;
    }

    /**
     * Without a command there is nothing to do: the usage goes to stderr and the exit code is 2, as
     * for an unknown command or option (picocli's), so that a script that lost its command fails
     * instead of passing.
     */
    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        cli.getErr().println("debitwatch: no command given");
        cli.usage(cli.getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
