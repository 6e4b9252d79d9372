package io.debitwatch.job;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The job jar's entry point refuses, before anything runs, what would silently lose output. */
class StreamingJobTest {

    private static void build(String... args) {
        Configuration conf = DebitwatchOptions.withRunDefaults(DebitwatchOptions.fromArgs(args));
        StreamingJob.build(StreamExecutionEnvironment.getExecutionEnvironment(), conf);
    }

    @Test
    void aMisspeltOptionIsRefusedInsteadOfFallingBackToItsDefault() {
        assertThatThrownBy(
                        () ->
                                build(
                                        "--bootstrap-servers",
                                        "127.0.0.1:9092",
                                        "--transactional-id-prefx",
                                        "dw-prod-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown option --transactional-id-prefx");
    }

    @Test
    void theTransactionalIdPrefixIsRequired() {
        assertThatThrownBy(() -> build("--bootstrap-servers", "127.0.0.1:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--transactional-id-prefix is required");
    }

    @Test
    void theTransactionTimeoutIsCheckedAgainstTheClustersCheckpointTimeout() {
        // A cluster whose config.yaml lets checkpoints run 20 min: the default transaction
        // timeout (15 min) would let the broker abort a slow checkpoint's transaction.
        Configuration cluster = new Configuration();
        cluster.setString("execution.checkpointing.timeout", "20 min");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        Configuration job =
                DebitwatchOptions.withRunDefaults(
                        DebitwatchOptions.fromArgs(
                                "--bootstrap-servers",
                                "127.0.0.1:9092",
                                "--transactional-id-prefix",
                                "dw-prod-1"));
        assertThatThrownBy(() -> StreamingJob.build(env, job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("execution.checkpointing.timeout, 20 min");
    }
}
