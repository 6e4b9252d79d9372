package io.debitwatch.app;

import io.debitwatch.job.DebitwatchOptions;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;

/** Flink configuration for runs inside this JVM: RocksDB, loopback only, explicit uids. */
public final class LocalFlink {

    private LocalFlink() {}

    public static Configuration configuration(int parallelism, Path workDir) {
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", Integer.toString(parallelism));
        DebitwatchOptions.stateBackendDefaults().forEach(conf::setString);
        conf.setString("taskmanager.memory.managed.size", "512m");
        conf.setString("io.tmp.dirs", workDir.resolve("tmp").toString());
        conf.setString("pipeline.auto-generate-uids", "false");
        conf.setString("pipeline.generic-types", "false");
        for (String key :
                new String[] {
                    "jobmanager.bind-host",
                    "taskmanager.bind-host",
                    "taskmanager.host",
                    "rest.bind-address",
                    "rest.address"
                }) {
            conf.setString(key, "127.0.0.1");
        }
        conf.setString("rest.port", "0");
        conf.setString("taskmanager.numberOfTaskSlots", Integer.toString(parallelism));
        return conf;
    }
}
