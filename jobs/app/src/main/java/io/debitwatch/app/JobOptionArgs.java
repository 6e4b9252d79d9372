package io.debitwatch.app;

import io.debitwatch.job.DebitwatchOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Command-line options of a command that are options of the job: each is derived from its
 * declaration in {@link DebitwatchOptions}, which gives its name ({@code --KEY}), type and default;
 * the command adds the label and help its users read. Durations are written as on the rest of the
 * command line ({@link Durations}: {@code 60s}, {@code 25h}). After parsing, {@link #values()} has
 * them, typed, as the job's configuration.
 *
 * <p>A command declares its options in a field, implements {@link Owner} and names {@link Attach}
 * as its {@code modelTransformer}, which adds them to its picocli model before parsing.
 */
final class JobOptionArgs {

    /** A command with options of the job. */
    interface Owner {
        JobOptionArgs jobOptionArgs();
    }

    /** Adds an {@link Owner}'s job options to its command. */
    static final class Attach implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            if (spec.userObject() instanceof Owner owner) {
                owner.jobOptionArgs().options.keySet().forEach(spec::addOption);
            }
            return spec;
        }
    }

    private final Map<OptionSpec, ConfigOption<?>> options = new LinkedHashMap<>();

    /**
     * {@code --KEY} of a job option, with the job's default ({@code ${DEFAULT-VALUE}} in {@code
     * help}).
     */
    <T> JobOptionArgs add(ConfigOption<T> option, Class<T> type, String label, String help) {
        return add(
                option, type, label, help, option.hasDefaultValue() ? option.defaultValue() : null);
    }

    /** {@code --KEY} of a job option, with this command's own default. */
    <T> JobOptionArgs add(
            ConfigOption<T> option, Class<T> type, String label, String help, T defaultValue) {
        OptionSpec.Builder b = OptionSpec.builder("--" + option.key()).type(type).description(help);
        if (label != null) {
            b.paramLabel(label);
        }
        if (type == Duration.class) {
            b.converters(Durations::parse);
        }
        if (defaultValue != null && type != Boolean.class) {
            b.defaultValue(format(defaultValue));
        }
        options.put(b.build(), option);
        return this;
    }

    /** {@code --KEY}, given once per value (e.g. one settle window per provider). */
    JobOptionArgs repeatable(ConfigOption<?> option, String label, String help) {
        return repeatable(option, "--" + option.key(), label, help);
    }

    /**
     * A list option of the job given one value at a time, under the singular of its name (e.g.
     * {@code --alipay-app-id} for {@code alipay-app-ids}).
     */
    JobOptionArgs repeatable(ConfigOption<?> option, String name, String label, String help) {
        OptionSpec spec =
                OptionSpec.builder(name)
                        .type(List.class)
                        .auxiliaryTypes(String.class)
                        .paramLabel(label)
                        .description(help)
                        .build();
        options.put(spec, option);
        return this;
    }

    /** A required option. */
    JobOptionArgs required(ConfigOption<String> option, String label, String help) {
        OptionSpec spec =
                OptionSpec.builder("--" + option.key())
                        .type(String.class)
                        .required(true)
                        .paramLabel(label)
                        .description(help)
                        .build();
        options.put(spec, option);
        return this;
    }

    /**
     * The values given or defaulted, as the job's configuration (repeatable options are read with
     * {@link #list}).
     */
    Configuration values() {
        Configuration conf = new Configuration();
        options.forEach(
                (spec, option) -> {
                    Object value = spec.getValue();
                    if (value != null && !(value instanceof List)) {
                        set(conf, option, value);
                    }
                });
        return conf;
    }

    /** The value of an option: given, else the command's default, else the job's. */
    <T> T get(ConfigOption<T> option) {
        return values().get(option);
    }

    /** The values of a repeatable option, in the order given. */
    List<String> list(ConfigOption<?> option) {
        for (var e : options.entrySet()) {
            if (e.getValue() == option) {
                List<String> values = e.getKey().getValue();
                return values == null ? List.of() : values;
            }
        }
        throw new IllegalArgumentException("not an option of this command: " + option.key());
    }

    @SuppressWarnings("unchecked")
    private static <T> void set(Configuration conf, ConfigOption<T> option, Object value) {
        conf.set(option, (T) value);
    }

    /** A default as the command line writes it. */
    static String format(Object value) {
        return value instanceof Duration d ? Durations.format(d) : String.valueOf(value);
    }

    /** Test support: the specs, to parse with. */
    List<OptionSpec> specs() {
        return new ArrayList<>(options.keySet());
    }
}
