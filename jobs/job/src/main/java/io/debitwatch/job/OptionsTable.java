package io.debitwatch.job;

import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.description.BlockElement;
import org.apache.flink.configuration.description.TextElement;
import org.apache.flink.util.TimeUtils;

/**
 * The tables of docs/usage.md generated from {@link DebitwatchOptions}: the job's options with
 * their defaults and descriptions, and the Flink settings a run applies. A test keeps the document
 * equal to them.
 */
public final class OptionsTable {

    private OptionsTable() {}

    /** The option table, one row per option, in declaration order. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder();
        sb.append("| option | default | meaning |\n|---|---|---|\n");
        for (ConfigOption<?> o : DebitwatchOptions.all()) {
            sb.append(markdownRow(o)).append('\n');
        }
        return sb.toString();
    }

    /** One row of {@link #markdownTable()}. */
    public static String markdownRow(ConfigOption<?> option) {
        String def = option.hasDefaultValue() ? "`" + format(option.defaultValue()) + "`" : "none";
        return "| `--" + option.key() + "` | " + def + " | " + description(option) + " |";
    }

    /** The Flink defaults of a run, as rows. */
    public static String markdownFlinkDefaults() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Flink setting | debitwatch's value |\n|---|---|\n");
        DebitwatchOptions.flinkDefaults()
                .forEach((k, v) -> sb.append("| `" + k + "` | `" + v + "` |\n"));
        return sb.toString();
    }

    /** An option's description as plain text. */
    public static String description(ConfigOption<?> option) {
        StringBuilder sb = new StringBuilder();
        for (BlockElement block : option.description().getBlocks()) {
            if (block instanceof TextElement text) {
                sb.append(text.getFormat());
            }
        }
        return sb.toString();
    }

    /** A value as written in Flink's configuration (durations like {@code 25 h}). */
    static String format(Object value) {
        if (value instanceof Duration d) {
            return TimeUtils.formatWithHighestUnit(d);
        }
        return String.valueOf(value);
    }
}
