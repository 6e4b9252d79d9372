package io.debitwatch.job.kafka;

import static io.debitwatch.job.kafka.KafkaTestSupport.copyOf;
import static io.debitwatch.job.kafka.KafkaTestSupport.produce;
import static io.debitwatch.job.kafka.KafkaTestSupport.produceSentinelsPastAll;
import static io.debitwatch.job.kafka.KafkaTestSupport.resourceLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.embeddedkafka.EmbeddedKafka;
import io.debitwatch.job.kafka.KafkaTestSupport.ExactlyOnceOutputs;
import io.debitwatch.job.kafka.KafkaTestSupport.Expected;
import io.debitwatch.job.kafka.KafkaTestSupport.Topics;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar ({@code target/debitwatch-job.jar}, built in {@code package}) on a real Flink
 * cluster: a standalone JobManager and TaskManager in processes of their own, whose class path is
 * Flink only (what this module declares {@code provided}, and what Flink needs beside it), never
 * the job's code or the Kafka connector. The job is submitted, stopped with a savepoint and resumed
 * with Flink's own command-line client, as on a cluster: the open orders decide after the restore,
 * and every alert and refund request is committed exactly once.
 */
class ClusterITCase {

    private static final Path JOB_JAR = Path.of("target", "debitwatch-job.jar");
    private static final Path FLINK_CLASSPATH = Path.of("target", "flink-provided.classpath");

    /** Jars Flink needs that Maven resolves under compile or test scope in this module. */
    private static final List<String> FLINK_ALSO =
            List.of(
                    "commons-lang3-",
                    "lz4-java-",
                    "snappy-java-",
                    "slf4j-api-",
                    "log4j-api-",
                    "log4j-core-",
                    "log4j-slf4j-impl-",
                    "flink-clients-",
                    "flink-datastream-2");

    private static final List<String> JAVA_17_OPENS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /** Every process started, cluster and clients, stopped after each test. */
    private final List<Process> processes = new ArrayList<>();

    private Process taskManager;
    private EmbeddedKafka kafka;
    private Path dir;

    @AfterEach
    void stop() {
        // Gone before @TempDir is deleted: a live JobManager still writes checkpoints into it.
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The stories of a test: copy 0 decided early, copy 1 held open by the watermark. */
    private List<String> terminalSample;

    private List<String> providerSample;
    private List<String> allTerminal;
    private List<String> allProvider;
    private Expected decidedFirst;
    private Expected all;
    private Topics topics;
    private String classpath;
    private List<String> jobArgs;

    /**
     * A JobManager and a TaskManager, a broker, and the job's arguments; copy 0 of the sample is
     * decided as soon as it is in, copy 1 (three days later) stays open because the watermark is
     * held 12 h behind it, until sentinels move it past everything.
     */
    private int startClusterAndKafka(Path tmp) throws Exception {
        dir = tmp;
        // Should the test JVM itself be stopped, the cluster goes with it.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> processes.forEach(Process::destroyForcibly)));
        assertThat(JOB_JAR).as("built in package, before integration tests").isRegularFile();
        classpath = flinkClasspath();
        int restPort = freePort();
        writeClusterConfig(restPort, freePort());
        startProcess(
                "jobmanager",
                "GET_JM_RESOURCE_PARAMS",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
        startTaskManager("taskmanager");
        awaitRest(restPort, "/overview", "\"slots-total\":2", Duration.ofSeconds(60));

        topics = Topics.fresh();
        kafka = topics.startKafka();
        terminalSample = resourceLines("sample/terminal-events.ndjson");
        providerSample = resourceLines("sample/provider-events.ndjson");
        List<String> terminal0 = copyOf(terminalSample, true, 0, Duration.ZERO);
        List<String> provider0 = copyOf(providerSample, false, 0, Duration.ZERO);
        allTerminal = new ArrayList<>(terminal0);
        allTerminal.addAll(copyOf(terminalSample, true, 1, Duration.ofDays(3)));
        allProvider = new ArrayList<>(provider0);
        allProvider.addAll(copyOf(providerSample, false, 1, Duration.ofDays(3)));
        decidedFirst = Expected.of(terminal0, provider0);
        all = Expected.of(allTerminal, allProvider);

        Configuration conf =
                KafkaTestSupport.jobConf(
                        kafka,
                        topics,
                        Duration.ofHours(12),
                        Duration.ofMillis(500),
                        dir.resolve("checkpoints"));
        jobArgs = new ArrayList<>();
        for (Map.Entry<String, String> e : conf.toMap().entrySet()) {
            jobArgs.add("--" + e.getKey());
            jobArgs.add(e.getValue());
        }
        return restPort;
    }

    /** Both copies into the input topics, then the job jar submitted with {@code flink run}. */
    private String produceAndSubmit(KafkaProducer<byte[], byte[]> producer) throws Exception {
        produce(producer, topics.terminal(), allTerminal, true);
        produce(producer, topics.provider(), allProvider, false);
        producer.flush();
        List<String> run = new ArrayList<>(List.of("run", "-d", JOB_JAR.toString()));
        run.addAll(jobArgs);
        String submitted = cli(run);
        Matcher id = Pattern.compile("JobID ([0-9a-f]{32})").matcher(submitted);
        assertThat(id.find()).as(submitted).isTrue();
        return id.group(1);
    }

    private void awaitDecidedFirst(ExactlyOnceOutputs committed) {
        committed.awaitUntil(
                () ->
                        committed.alerts.size() >= decidedFirst.alerts().size()
                                && committed.refunds.size()
                                        >= decidedFirst.refundsByAlertId().size(),
                Duration.ofSeconds(60));
    }

    @Test
    @Timeout(240)
    void theJobJarRunsStopsWithASavepointAndResumesOnAStandaloneCluster(@TempDir Path tmp)
            throws Exception {
        startClusterAndKafka(tmp);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka);
                ExactlyOnceOutputs committed = new ExactlyOnceOutputs(kafka, topics, true)) {
            String jobId = produceAndSubmit(producer);
            awaitDecidedFirst(committed);
            // More checkpoints: every input record is then in the job's state.
            Thread.sleep(1_500);

            String stopped =
                    cli(
                            List.of(
                                    "stop",
                                    "--savepointPath",
                                    dir.resolve("savepoints").toUri().toString(),
                                    jobId));
            Matcher savepoint =
                    Pattern.compile("Savepoint completed\\. Path: (\\S+)").matcher(stopped);
            assertThat(savepoint.find()).as(stopped).isTrue();
            Thread.sleep(500);
            committed.poll();
            committed.assertExactly(decidedFirst);

            List<String> resume =
                    new ArrayList<>(
                            List.of("run", "-d", "-s", savepoint.group(1), JOB_JAR.toString()));
            resume.addAll(jobArgs);
            assertThat(cli(resume)).contains("Job has been submitted");
            produceSentinelsPastAll(
                    producer, topics, terminalSample, providerSample, allTerminal, allProvider);
            committed.awaitAll(all, Duration.ofSeconds(60));
            committed.assertExactly(all);
        }
        assertThat(Files.readString(dir.resolve("jobmanager.log")))
                .contains("Restoring job")
                .contains("from Savepoint");
    }

    @Test
    @Timeout(240)
    void aKilledTaskManagerIsReplacedAndTheJobResumesFromItsLastCheckpoint(@TempDir Path tmp)
            throws Exception {
        startClusterAndKafka(tmp);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(kafka);
                ExactlyOnceOutputs committed = new ExactlyOnceOutputs(kafka, topics, true)) {
            produceAndSubmit(producer);
            awaitDecidedFirst(committed);
            Thread.sleep(1_500);

            // kill -9 of the only TaskManager: its open transactions, RocksDB state and timers
            // go with it. A new TaskManager takes its place; the job restarts from the last
            // completed checkpoint, open orders included.
            taskManager.destroyForcibly().waitFor();
            startTaskManager("taskmanager-2");
            produceSentinelsPastAll(
                    producer, topics, terminalSample, providerSample, allTerminal, allProvider);
            committed.awaitAll(all, Duration.ofSeconds(90));
            committed.assertExactly(all);
        }
        assertThat(Files.readString(dir.resolve("jobmanager.log")))
                .contains("Restoring job")
                .contains("from Checkpoint");
    }

    private void startTaskManager(String name) throws Exception {
        taskManager =
                startProcess(
                        name,
                        "GET_TM_RESOURCE_PARAMS",
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
    }

    /** Flink's jars only: the provided scope, completed from the test class path. */
    private static String flinkClasspath() throws IOException {
        List<String> entries =
                new ArrayList<>(
                        Arrays.asList(
                                Files.readString(FLINK_CLASSPATH)
                                        .trim()
                                        .split(File.pathSeparator)));
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (name.endsWith(".jar") && FLINK_ALSO.stream().anyMatch(name::startsWith)) {
                entries.add(e);
            }
        }
        assertThat(entries)
                .map(e -> Path.of(e).getFileName().toString())
                .noneMatch(name -> name.contains("kafka") || name.contains("debitwatch"));
        return String.join(File.pathSeparator, entries);
    }

    private void writeClusterConfig(int restPort, int rpcPort) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Files.writeString(
                conf.resolve("config.yaml"),
                String.join(
                        "\n",
                        "jobmanager.rpc.address: 127.0.0.1",
                        "jobmanager.rpc.port: " + rpcPort,
                        "jobmanager.bind-host: 127.0.0.1",
                        "jobmanager.memory.process.size: 1024m",
                        "taskmanager.bind-host: 127.0.0.1",
                        "taskmanager.host: 127.0.0.1",
                        "taskmanager.numberOfTaskSlots: 2",
                        "taskmanager.memory.process.size: 2048m",
                        "rest.address: 127.0.0.1",
                        "rest.bind-address: 127.0.0.1",
                        "rest.port: " + restPort,
                        "io.tmp.dirs: " + dir.resolve("tmp"),
                        // A killed TaskManager is noticed in seconds, not Flink's default 50 s.
                        "heartbeat.interval: 1000",
                        "heartbeat.timeout: 10000",
                        ""));
        Files.writeString(
                conf.resolve("log4j.properties"),
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.file.ref = File",
                        "appender.file.name = File",
                        "appender.file.type = File",
                        "appender.file.append = true",
                        "appender.file.fileName = ${sys:log.file}",
                        "appender.file.layout.type = PatternLayout",
                        "appender.file.layout.pattern = %d %-5p %c - %m%n",
                        ""));
    }

    /** Starts a cluster process with the memory settings Flink's scripts would compute. */
    private Process startProcess(String name, String resources, String main) throws Exception {
        List<String> memory =
                Files.readAllLines(
                                run(
                                                name + "-resources",
                                                javaCommand(
                                                        classpath,
                                                        "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                                        List.of(resources, "--configDir", conf())))
                                        .toPath())
                        .stream()
                        .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                        .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()))
                        .toList();
        assertThat(memory).hasSize(2);
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(Arrays.asList(memory.get(0).trim().split(" ")));
        command.addAll(JAVA_17_OPENS);
        command.add("-Dlog.file=" + dir.resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=" + Path.of(conf(), "log4j.properties").toUri());
        command.add("-cp");
        command.add(classpath);
        command.add(main);
        command.add("--configDir");
        command.add(conf());
        command.addAll(Arrays.asList(memory.get(1).trim().split(" ")));
        Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve(name + ".out").toFile())
                        .start();
        processes.add(p);
        return p;
    }

    /** Runs Flink's command-line client against the cluster and returns what it printed. */
    private String cli(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(JAVA_17_OPENS);
        command.add("-Dlog.file=" + dir.resolve("client.log"));
        command.add("-Dlog4j.configurationFile=" + Path.of(conf(), "log4j.properties").toUri());
        command.add("-cp");
        command.add(classpath);
        command.add("org.apache.flink.client.cli.CliFrontend");
        command.addAll(args);
        List<String> full = new ArrayList<>();
        full.add(javaBinary());
        full.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(full);
        pb.environment().put("FLINK_CONF_DIR", conf());
        Path out = Files.createTempFile(dir, "cli", ".out");
        Process p = pb.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        processes.add(p); // stopped after the test if it hangs
        assertThat(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String printed = Files.readString(out);
        assertThat(p.exitValue()).as(printed).isZero();
        return printed;
    }

    private File run(String name, List<String> command) throws Exception {
        File out = dir.resolve(name + ".out").toFile();
        Process p =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
        processes.add(p); // stopped after the test if it hangs
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(out.toPath())).isZero();
        return out;
    }

    private List<String> javaCommand(String classpath, String main, List<String> args) {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-cp", classpath, main));
        command.addAll(args);
        return command;
    }

    private String conf() {
        return dir.resolve("conf").toString();
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void awaitRest(int port, String path, String expected, Duration timeout)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last =
                        http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://127.0.0.1:" + port + path))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
                if (last.contains(expected)) {
                    return;
                }
            } catch (IOException notYet) {
                // the REST endpoint is not up yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                "cluster not up: " + last + "\n" + Files.readString(dir.resolve("jobmanager.out")));
    }
}
