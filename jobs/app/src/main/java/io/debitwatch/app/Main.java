package io.debitwatch.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code debitwatch} command line: {@code demo}, {@code replay}, {@code bench}. */
@Command(
        name = "debitwatch",
        mixinStandardHelpOptions = true,
        version = "debitwatch 0.1.0",
        description = "Finds customers debited while the POS showed \"payment failed\" (掉单).",
        subcommands = {DemoCommand.class, ReplayCommand.class, BenchCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(java.time.Duration.class, Durations::parse);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
