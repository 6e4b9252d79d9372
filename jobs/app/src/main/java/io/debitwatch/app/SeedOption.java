package io.debitwatch.app;

import picocli.CommandLine.Option;

/** {@code --seed}: the random seed of generated traffic (simulate, bench). */
final class SeedOption {

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    SeedOption(long defaultSeed) {
        this.seed = defaultSeed;
    }
}
