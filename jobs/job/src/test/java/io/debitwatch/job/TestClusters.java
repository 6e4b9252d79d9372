package io.debitwatch.job;

import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The one MiniCluster setup of the job's integration tests: RocksDB, loopback only. */
public final class TestClusters {

    private TestClusters() {}

    /**
     * Parallelism 2, RocksDB, explicit uids, no Kryo fallback, and every address on the loopback (a
     * MiniCluster listens on all interfaces by default).
     */
    public static Configuration loopbackConf() {
        Configuration conf = new Configuration();
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("pipeline.auto-generate-uids", "false");
        conf.setString("pipeline.generic-types", "false");
        conf.setString("parallelism.default", "2");
        for (String key :
                List.of(
                        "jobmanager.bind-host",
                        "taskmanager.bind-host",
                        "taskmanager.host",
                        "rest.bind-address",
                        "rest.address")) {
            conf.setString(key, "127.0.0.1");
        }
        return conf;
    }

    /** A MiniCluster for one test class: one TaskManager with 2 slots, {@link #loopbackConf()}. */
    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setConfiguration(loopbackConf())
                        .setNumberTaskManagers(1)
                        .setNumberSlotsPerTaskManager(2)
                        .build());
    }
}
