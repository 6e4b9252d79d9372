package io.debitwatch.app;

import picocli.CommandLine.Option;

/** {@code --parallelism N} of the commands that run the streaming job: run, demo, bench-latency. */
final class ParallelismOption {

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description = "Parallelism of the job (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;
}
