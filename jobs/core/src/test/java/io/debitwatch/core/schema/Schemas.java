package io.debitwatch.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Alert;
import io.debitwatch.core.model.DeadLetter;
import io.debitwatch.core.model.Notification;
import io.debitwatch.core.model.OpenOrder;
import io.debitwatch.core.model.ProviderEvent;
import io.debitwatch.core.model.RefundRequest;
import io.debitwatch.core.model.TerminalEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The schemas of {@code schemas/} (at the repository root, {@code ../../schemas} from this module),
 * their examples, and a validator for them. The validator is json-schema-validator 3.x (Jackson 3
 * inside); everything else here reads JSON with the project's own Jackson 2 mapper.
 */
final class Schemas {

    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    static final String ID_BASE = "https://debitwatch.io/schemas/";

    /** One schema file and the record it describes. */
    enum Kind {
        TERMINAL_EVENT("terminal-event", TerminalEvent.class, true),
        PROVIDER_EVENT("provider-event", ProviderEvent.class, true),
        ALERT("alert", Alert.class, false),
        REFUND_REQUEST("refund-request", RefundRequest.class, false),
        NOTIFICATION("notification", Notification.class, false),
        DEAD_LETTER("dead-letter", DeadLetter.class, false),
        OPEN_ORDER("open-order", OpenOrder.class, false);

        final String name;
        final Class<? extends Record> record;
        final boolean input;

        Kind(String name, Class<? extends Record> record, boolean input) {
            this.name = name;
            this.record = record;
            this.input = input;
        }

        String fileName() {
            return name + ".schema.json";
        }

        String id() {
            return ID_BASE + fileName();
        }

        Path file() {
            return dir().resolve(fileName());
        }

        Path examples(boolean valid) {
            return dir().resolve("examples").resolve(name).resolve(valid ? "valid" : "invalid");
        }

        /** The schema as a Jackson 2 tree, for introspection. */
        JsonNode tree() {
            return readTree(read(file()));
        }

        @Override
        public String toString() {
            return fileName();
        }
    }

    /** One example file. */
    record Example(Kind kind, boolean valid, Path file) {
        String text() {
            return read(file);
        }

        @Override
        public String toString() {
            return kind.name + "/" + (valid ? "valid" : "invalid") + "/" + file.getFileName();
        }
    }

    private static final Path DIR = locate();
    private static final Map<Kind, Schema> SCHEMAS = new EnumMap<>(Kind.class);
    private static final SchemaRegistry REGISTRY = registry();

    private Schemas() {}

    /** The schemas folder; fails with a clear message when it is not where it should be. */
    static Path dir() {
        return DIR;
    }

    private static Path locate() {
        Path module = Paths.get("").toAbsolutePath();
        Path dir = module.resolve("../../schemas").normalize();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(
                    "schemas folder not found: expected "
                            + dir
                            + " (../../schemas from the module directory "
                            + module
                            + "); run the tests from jobs/core, as Maven does");
        }
        return dir;
    }

    private static SchemaRegistry registry() {
        Map<String, String> byId = new HashMap<>();
        for (Kind kind : Kind.values()) {
            if (!Files.isRegularFile(kind.file())) {
                throw new IllegalStateException("schema file missing: " + kind.file());
            }
            byId.put(kind.id(), read(kind.file()));
        }
        SchemaRegistryConfig config =
                SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
        return SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config).schemas(byId));
    }

    /** The compiled schema, loaded through its {@code $id}. */
    static synchronized Schema schema(Kind kind) {
        return SCHEMAS.computeIfAbsent(kind, k -> REGISTRY.getSchema(SchemaLocation.of(k.id())));
    }

    /** The draft 2020-12 meta-schema (bundled with the validator, no network access). */
    static Schema metaSchema() {
        return REGISTRY.getSchema(SchemaLocation.of(DIALECT));
    }

    /** Validation errors of a JSON text against a schema; empty when it is valid. */
    static List<String> errors(Kind kind, String json) {
        return messages(schema(kind).validate(json, InputFormat.JSON));
    }

    static List<String> messages(List<Error> errors) {
        List<String> out = new ArrayList<>(errors.size());
        for (Error e : errors) {
            out.add(e.toString());
        }
        return out;
    }

    /** The example files of a kind, sorted by name. */
    static List<Example> examples(Kind kind, boolean valid) {
        Path dir = kind.examples(valid);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("examples folder missing: " + dir);
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .map(p -> new Example(kind, valid, p))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Example> allExamples(boolean valid) {
        return Stream.of(Kind.values()).flatMap(k -> examples(k, valid).stream());
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
