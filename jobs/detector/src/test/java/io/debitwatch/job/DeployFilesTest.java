package io.debitwatch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.debitwatch.job.kafka.KafkaJobIO;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
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
        // The same checks as at submission: transaction timeout against the broker's maximum and
        // the checkpoint interval, a usable transactional-id prefix.
        assertThatCode(() -> KafkaJobIO.from(conf)).doesNotThrowAnyException();
        assertThat(conf.get(DebitwatchOptions.BOOTSTRAP_SERVERS)).isNotBlank();
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
        assertThat(Files.readString(DEPLOY.resolve("kubernetes/debitwatch.yaml")))
                .contains("flink-s3-fs-presto-" + version + ".jar");
    }

    @Test
    void flinkSettingsAreCurrentKeys() throws Exception {
        Set<String> current = new HashSet<>();
        for (Class<?> options :
                List.of(
                        CheckpointingOptions.class,
                        StateBackendOptions.class,
                        HighAvailabilityOptions.class,
                        TaskManagerOptions.class)) {
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
            assertThat(current).as("a current Flink %s key", flinkMajorMinor()).contains(key);
        }
    }
}
