package io.debitwatch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.debitwatch.job.kafka.KafkaJobIO;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.NettyShuffleEnvironmentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.configuration.YamlParserUtils;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Test;

/**
 * The files in {@code deploy/} follow the code: the FlinkDeployment's arguments are options the job
 * accepts and passes its own start-up checks with, its Flink settings are current keys of the Flink
 * it is built against, and the image, Flink version, main class and jar name agree with the build.
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("..", "..", "deploy");

    /** The keys of the Prometheus reporter, named {@code prom}. */
    private static final String PROMETHEUS = "metrics.reporter.prom.";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> manifest() throws Exception {
        return YamlParserUtils.loadYamlFile(DEPLOY.resolve("kubernetes/debitwatch.yaml").toFile());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec() throws Exception {
        return (Map<String, Object>) manifest().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> job() throws Exception {
        return (Map<String, Object>) spec().get("job");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> flinkConfiguration() throws Exception {
        return (Map<String, Object>) spec().get("flinkConfiguration");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String... path) {
        Map<String, Object> at = m;
        for (String key : path) {
            assertThat(at).as(String.join(".", path)).containsKey(key);
            at = (Map<String, Object>) at.get(key);
        }
        return at;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        assertThat(m).containsKey(key);
        return (List<Map<String, Object>>) m.get(key);
    }

    /**
     * The pod template of the JobManager or TaskManager pods: {@code
     * spec.<component>.podTemplate.spec}.
     */
    private static Map<String, Object> podSpec(String component) throws Exception {
        return map(spec(), component, "podTemplate", "spec");
    }

    private static Map<String, Object> mainContainer(Map<String, Object> podSpec) {
        return list(podSpec, "containers").stream()
                .filter(c -> "flink-main-container".equals(c.get("name")))
                .findFirst()
                .orElseThrow();
    }

    private static String flinkMajorMinor() {
        String[] v = EnvironmentInformation.getVersion().split("\\.");
        return v[0] + "." + v[1];
    }

    @Test
    void theJobArgumentsAreOptionsTheJobStartsWith() throws Exception {
        @SuppressWarnings("unchecked")
        List<Object> args = (List<Object>) job().get("args");
        List<String> strings = new ArrayList<>();
        for (Object a : args) {
            strings.add(String.valueOf(a));
        }
        Configuration conf =
                DebitwatchOptions.withRunDefaults(
                        DebitwatchOptions.fromArgs(strings.toArray(String[]::new)));
        Set<String> known = new HashSet<>();
        for (ConfigOption<?> o : DebitwatchOptions.all()) {
            known.add(o.key());
        }
        for (int i = 0; i < strings.size(); i += 2) {
            assertThat(known).as("option of the job").contains(strings.get(i).substring(2));
        }
        // The same checks as at submission, with the cluster's Flink settings under the job's
        // (the checkpoint timeout, say): a transactional-id prefix of its own, the transaction
        // timeout against the broker's maximum, the checkpoint interval and timeout.
        Configuration effective = new Configuration();
        flinkConfiguration().forEach((k, v) -> effective.setString(k, String.valueOf(v)));
        effective.addAll(conf);
        assertThatCode(() -> DebitwatchOptions.rejectUnknownKeys(effective))
                .doesNotThrowAnyException();
        assertThatCode(() -> KafkaJobIO.from(effective)).doesNotThrowAnyException();
        assertThat(conf.get(DebitwatchOptions.BOOTSTRAP_SERVERS)).isNotBlank();
        assertThat(conf.get(DebitwatchOptions.TRANSACTIONAL_ID_PREFIX)).isNotBlank();
    }

    @Test
    void theJobIsTheStreamingJobInTheJobJar() throws Exception {
        assertThat(job().get("entryClass")).isEqualTo(StreamingJob.class.getName());
        String pom = Files.readString(Path.of("pom.xml"));
        String jar = String.valueOf(job().get("jarURI"));
        assertThat(jar).startsWith("local:///opt/flink/usrlib/");
        assertThat(pom).contains("${project.build.directory}/" + Path.of(jar).getFileName());
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        assertThat(dockerfile).contains(jar.substring("local://".length()));
    }

    @Test
    void imageAndOperatorVersionAreTheFlinkOfTheBuild() throws Exception {
        String version = EnvironmentInformation.getVersion();
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        Matcher image = Pattern.compile("ARG FLINK_IMAGE=flink:(\\S+)").matcher(dockerfile);
        assertThat(image.find()).isTrue();
        assertThat(image.group(1)).isEqualTo(version + "-java17");
        assertThat(spec().get("flinkVersion")).isEqualTo("v" + flinkMajorMinor().replace('.', '_'));
        assertThat(dockerfile).contains("/opt/flink/opt/flink-s3-fs-presto-" + version + ".jar");
    }

    @Test
    void flinkSettingsAreCurrentKeys() throws Exception {
        Set<String> current = new HashSet<>();
        for (Class<?> options :
                List.of(
                        CheckpointingOptions.class,
                        StateBackendOptions.class,
                        HighAvailabilityOptions.class,
                        TaskManagerOptions.class,
                        JobManagerOptions.class,
                        BlobServerOptions.class,
                        NettyShuffleEnvironmentOptions.class,
                        RestOptions.class,
                        WebOptions.class)) {
            for (Field f : options.getFields()) {
                if (Modifier.isStatic(f.getModifiers())
                        && ConfigOption.class.isAssignableFrom(f.getType())
                        && !f.isAnnotationPresent(Deprecated.class)) {
                    current.add(((ConfigOption<?>) f.get(null)).key());
                }
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> flinkConf = (Map<String, Object>) spec().get("flinkConfiguration");
        assertThat(flinkConf).isNotEmpty();
        for (String key : flinkConf.keySet()) {
            if (key.startsWith("kubernetes.operator.")) {
                continue; // read by the operator, not by Flink
            }
            if (key.startsWith(PROMETHEUS)) {
                // A reporter's keys: Flink's own factory key, or the Prometheus reporter's port.
                assertThat(key.substring(PROMETHEUS.length()))
                        .isIn(MetricOptions.REPORTER_FACTORY_CLASS.key(), "port");
                continue;
            }
            assertThat(current).as("a current Flink %s key", flinkMajorMinor()).contains(key);
        }
    }

    @Test
    void savepointsAreTakenPeriodicallyAndTheirHistoryIsBounded() throws Exception {
        Map<String, Object> flink = flinkConfiguration();
        assertThat(
                        Duration.parse(
                                "PT"
                                        + flink.get(
                                                "kubernetes.operator.periodic.savepoint.interval")))
                .isPositive()
                .isLessThanOrEqualTo(Duration.ofDays(1));
        assertThat(
                        Integer.parseInt(
                                (String)
                                        flink.get(
                                                "kubernetes.operator.savepoint.history.max.count")))
                .isBetween(2, 100);
        assertThat(
                        Duration.parse(
                                "PT" + flink.get("kubernetes.operator.savepoint.history.max.age")))
                .isGreaterThanOrEqualTo(Duration.ofDays(1));
        assertThat(flink).containsKey("execution.checkpointing.savepoint-dir");
    }

    // ---- hardening (issue 9, finding 12) ------------------------------------------------------

    @Test
    void podsRunAsTheFlinkUserWithoutPrivilegesOnAReadOnlyRoot() throws Exception {
        // One template per component: a shared spec.podTemplate would be merged with them by the
        // operator, and its merge of lists (volumes) depends on the operator's version.
        assertThat(spec()).doesNotContainKey("podTemplate");
        for (String component : List.of("jobManager", "taskManager")) {
            Map<String, Object> pod = podSpec(component);
            Map<String, Object> podSecurity = map(pod, "securityContext");
            assertThat(podSecurity)
                    .as(component)
                    .containsEntry("runAsNonRoot", true)
                    .containsEntry("runAsUser", 9999)
                    .containsEntry("runAsGroup", 9999)
                    .containsEntry("fsGroup", 9999);
            assertThat(map(podSecurity, "seccompProfile")).containsEntry("type", "RuntimeDefault");

            Map<String, Object> container = mainContainer(pod);
            Map<String, Object> security = map(container, "securityContext");
            assertThat(security)
                    .as(component)
                    .containsEntry("runAsNonRoot", true)
                    .containsEntry("allowPrivilegeEscalation", false)
                    .containsEntry("readOnlyRootFilesystem", true);
            assertThat(map(security, "capabilities").get("drop")).isEqualTo(List.of("ALL"));

            // What Flink writes, on volumes of the pod's own, not on the read-only root.
            Map<String, String> mounts = new java.util.HashMap<>();
            for (Map<String, Object> m : list(container, "volumeMounts")) {
                mounts.put(String.valueOf(m.get("mountPath")), String.valueOf(m.get("name")));
            }
            Map<String, Map<String, Object>> volumes = new java.util.HashMap<>();
            for (Map<String, Object> v : list(pod, "volumes")) {
                volumes.put(String.valueOf(v.get("name")), v);
            }
            for (String writable : List.of("/tmp", "/opt/flink/log")) {
                assertThat(mounts).as("%s mounts %s", component, writable).containsKey(writable);
                assertThat(volumes.get(mounts.get(writable)))
                        .as("%s volume of %s", component, writable)
                        .containsKey("emptyDir");
            }
        }
    }

    @Test
    void theKeySecretsAreOwnerReadOnlyAndMountedOnlyWhereTheyAreRead() throws Exception {
        // The job's main method checks the payer-id secret and the provider keys (KafkaJobIO ->
        // ProviderKeys) on the JobManager; the TaskManagers' sources and statement readers read
        // both themselves (KeyLoadingAdapter, StatementParser), at the paths the job graph names,
        // and get no other secret.
        Map<String, Object> jobManager = podSpec("jobManager");
        Map<String, Object> taskManager = podSpec("taskManager");
        for (String secret : List.of("debitwatch-keys", "debitwatch-provider-keys")) {
            for (Map<String, Object> pod : List.of(jobManager, taskManager)) {
                assertMountedReadOnly(pod, secretVolume(pod, secret));
            }
            assertThat(mountPath(taskManager, secretVolume(taskManager, secret)))
                    .as("%s is where the job's main method found it", secret)
                    .isEqualTo(mountPath(jobManager, secretVolume(jobManager, secret)));
        }
        assertThat(list(taskManager, "volumes"))
                .filteredOn(v -> v.containsKey("secret"))
                .extracting(v -> map(v, "secret").get("secretName"))
                .containsExactlyInAnyOrder("debitwatch-provider-keys", "debitwatch-keys");
        assertThat(Files.readString(DEPLOY.resolve("kubernetes/debitwatch.yaml")))
                .as("the job's argument names a file of the mounted payer-id secret")
                .contains(
                        "# - "
                                + mountPath(
                                        taskManager, secretVolume(taskManager, "debitwatch-keys"))
                                + "/payer-id-secret");
        assertThat(Files.readString(DEPLOY.resolve("kubernetes/debitwatch.yaml")))
                .as("the entrypoint would write into /opt/flink/plugins")
                .doesNotContain("ENABLE_BUILT_IN_PLUGINS:")
                .doesNotContain("name: ENABLE_BUILT_IN_PLUGINS");
    }

    private static Map<String, Object> secretVolume(Map<String, Object> pod, String secretName) {
        Map<String, Object> volume =
                list(pod, "volumes").stream()
                        .filter(v -> v.containsKey("secret"))
                        .filter(v -> secretName.equals(map(v, "secret").get("secretName")))
                        .findFirst()
                        .orElseThrow();
        assertThat(map(volume, "secret")).containsEntry("defaultMode", 256); // octal 0400
        return volume;
    }

    private static Object mountPath(Map<String, Object> pod, Map<String, Object> volume) {
        return list(mainContainer(pod), "volumeMounts").stream()
                .filter(m -> volume.get("name").equals(m.get("name")))
                .findFirst()
                .orElseThrow()
                .get("mountPath");
    }

    private static void assertMountedReadOnly(Map<String, Object> pod, Map<String, Object> volume) {
        assertThat(list(mainContainer(pod), "volumeMounts"))
                .filteredOn(m -> volume.get("name").equals(m.get("name")))
                .singleElement()
                .satisfies(m -> assertThat(m).containsEntry("readOnly", true));
    }

    @Test
    void theImageRunsAsTheFlinkUser() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("docker/Dockerfile"));
        assertThat(dockerfile.strip().lines().filter(l -> l.startsWith("USER ")).toList())
                .containsExactly("USER 9999:9999");
    }

    @Test
    void nobodyCanUploadOrRunJarsThroughTheRestApi() throws Exception {
        assertThat(flinkConfiguration())
                .containsEntry(WebOptions.SUBMIT_ENABLE.key(), "false")
                .containsEntry(WebOptions.CANCEL_ENABLE.key(), "false");
    }

    @Test
    void aNetworkPolicyAdmitsOnlyThisDeploymentsPodsAndTheOperatorsRestCalls() throws Exception {
        Map<String, Object> policy =
                YamlParserUtils.loadYamlFile(
                        DEPLOY.resolve("kubernetes/debitwatch-networkpolicy.yaml").toFile());
        assertThat(policy)
                .containsEntry("apiVersion", "networking.k8s.io/v1")
                .containsEntry("kind", "NetworkPolicy");
        Map<String, Object> policySpec = map(policy, "spec");
        Map<String, Object> ownPods = map(policySpec, "podSelector", "matchLabels");
        String name = String.valueOf(map(manifest(), "metadata").get("name"));
        assertThat(ownPods)
                .containsEntry("app", name)
                .containsEntry("type", "flink-native-kubernetes");
        assertThat(policySpec.get("policyTypes")).isEqualTo(List.of("Ingress"));

        Map<String, Object> flink = flinkConfiguration();
        Set<Integer> flinkPorts = new HashSet<>();
        for (String key :
                List.of(
                        "taskmanager.data.port",
                        "taskmanager.rpc.port",
                        "jobmanager.rpc.port",
                        "blob.server.port",
                        "rest.port")) {
            assertThat(flink).as("a fixed port the policy can name").containsKey(key);
            flinkPorts.add(Integer.parseInt(String.valueOf(flink.get(key))));
        }
        int rest = Integer.parseInt(String.valueOf(flink.get("rest.port")));

        List<Map<String, Object>> rules = list(policySpec, "ingress");
        assertThat(rules).hasSize(3);
        for (Map<String, Object> rule : rules) {
            List<Map<String, Object>> from = list(rule, "from");
            Set<Integer> ports = new HashSet<>();
            for (Map<String, Object> p : list(rule, "ports")) {
                assertThat(p).containsEntry("protocol", "TCP");
                ports.add((Integer) p.get("port"));
            }
            assertThat(from).hasSize(1);
            Map<String, Object> peer = from.get(0);
            if (peer.containsKey("podSelector")) {
                // Flink's own traffic, from this deployment's pods only.
                assertThat(peer).doesNotContainKey("namespaceSelector");
                assertThat(map(peer, "podSelector", "matchLabels")).isEqualTo(ownPods);
                assertThat(ports).isEqualTo(flinkPorts);
            } else if (map(peer, "namespaceSelector", "matchLabels").containsValue("monitoring")) {
                // Prometheus, on the metrics port only.
                assertThat(map(peer, "namespaceSelector", "matchLabels"))
                        .containsOnlyKeys("kubernetes.io/metadata.name");
                assertThat(ports).containsExactly(metricsPort());
            } else {
                // The operator's namespace, on the REST port only.
                assertThat(map(peer, "namespaceSelector", "matchLabels"))
                        .containsOnlyKeys("kubernetes.io/metadata.name");
                assertThat(ports).containsExactly(rest);
            }
        }
    }

    // ---- metrics (issue 11) -------------------------------------------------------------------

    private static int metricsPort() throws Exception {
        return Integer.parseInt(String.valueOf(flinkConfiguration().get(PROMETHEUS + "port")));
    }

    @Test
    void prometheusScrapesTheReporterOnEveryPod() throws Exception {
        assertThat(flinkConfiguration())
                .containsEntry(
                        PROMETHEUS + MetricOptions.REPORTER_FACTORY_CLASS.key(),
                        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        int port = metricsPort();
        // Both pod templates name the reporter's port "metrics", which the PodMonitor scrapes.
        for (String component : List.of("jobManager", "taskManager")) {
            Map<String, Object> container =
                    list(map(spec(), component, "podTemplate", "spec"), "containers").get(0);
            assertThat(list(container, "ports"))
                    .as(component)
                    .contains(Map.of("name", "metrics", "containerPort", port, "protocol", "TCP"));
        }
        Map<String, Object> podMonitor =
                YamlParserUtils.loadYamlFile(DEPLOY.resolve("monitoring/podmonitor.yaml").toFile());
        assertThat(podMonitor)
                .containsEntry("apiVersion", "monitoring.coreos.com/v1")
                .containsEntry("kind", "PodMonitor");
        Map<String, Object> selector = map(podMonitor, "spec", "selector", "matchLabels");
        assertThat(selector)
                .containsEntry("app", String.valueOf(map(manifest(), "metadata").get("name")))
                .containsEntry("type", "flink-native-kubernetes");
        assertThat(list(map(podMonitor, "spec"), "podMetricsEndpoints"))
                .singleElement()
                .satisfies(e -> assertThat(e).containsEntry("port", "metrics"));
        // The reporter's jar must be where Flink loads reporters from.
        assertThat(Files.readString(DEPLOY.resolve("docker/Dockerfile")))
                .contains("/opt/flink/plugins/metrics-prometheus/flink-metrics-prometheus-");
    }
}
