package io.debitwatch.app;

import picocli.CommandLine.Option;

/** {@code --rate}: the input events per second of live traffic (demo, bench-latency). */
final class RateOption {

    @Option(
            names = "--rate",
            paramLabel = "EVENTS_PER_S",
            description =
                    "Input events per second, both topics together (default: ${DEFAULT-VALUE}).")
    int rate;

    RateOption(int defaultRate) {
        this.rate = defaultRate;
    }

    /** The rate, refused unless positive. */
    int positive() {
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        return rate;
    }
}
