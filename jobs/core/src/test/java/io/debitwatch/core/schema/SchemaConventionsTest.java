package io.debitwatch.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import io.debitwatch.core.schema.Schemas.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The house rules of {@code schemas/}: what every schema file must declare. */
class SchemaConventionsTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void isAValidDraft202012Schema(Kind kind) {
        String text = Schemas.read(kind.file());
        assertThat(Schemas.messages(Schemas.metaSchema().validate(text, InputFormat.JSON)))
                .as("meta-schema errors of %s", kind)
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void declaresDialectIdTitleAndDescription(Kind kind) {
        JsonNode schema = kind.tree();
        assertThat(schema.path("$schema").asText()).isEqualTo(Schemas.DIALECT);
        assertThat(schema.path("$id").asText()).isEqualTo(kind.id());
        assertThat(schema.path("title").asText()).as("title").isNotBlank();
        assertThat(schema.path("description").asText()).as("description").isNotBlank();
        assertThat(schema.path("type").asText()).isEqualTo("object");
    }

    /**
     * Inputs accept extra fields (producers may add some); outputs, nested objects included, do
     * not.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void additionalPropertiesAreOpenForInputsAndClosedForOutputs(Kind kind) {
        List<JsonNode> objects = objectSchemas(kind.tree());
        assertThat(objects).isNotEmpty();
        for (JsonNode object : objects) {
            assertThat(object.path("additionalProperties").isBoolean())
                    .as("%s declares additionalProperties in %s", kind, object.path("description"))
                    .isTrue();
            assertThat(object.path("additionalProperties").booleanValue())
                    .as("additionalProperties of %s (%s)", kind, object.path("description"))
                    .isEqualTo(kind.input);
            assertThat(object.path("required").isArray())
                    .as("%s declares required in %s", kind, object.path("description"))
                    .isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void everyPropertyIsDescribed(Kind kind) {
        List<String> undescribed = new ArrayList<>();
        for (JsonNode object : objectSchemas(kind.tree())) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.path("properties").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (p.getValue().path("description").asText().isBlank()) {
                    undescribed.add(p.getKey());
                }
            }
        }
        assertThat(undescribed).as("properties of %s without a description", kind).isEmpty();
    }

    @Test
    void theSchemasFolderHoldsExactlyTheSchemasTheReadmeAndTheExamples() throws IOException {
        List<String> expected = new ArrayList<>(List.of("README.md", "examples"));
        List<String> examples = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            expected.add(kind.fileName());
            examples.add(kind.name);
        }
        assertThat(list(Schemas.dir())).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(list(Schemas.dir().resolve("examples")))
                .containsExactlyInAnyOrderElementsOf(examples);
        String readme = Schemas.read(Schemas.dir().resolve("README.md"));
        for (Kind kind : Kind.values()) {
            assertThat(readme).as("README.md describes %s", kind).contains(kind.fileName());
            assertThat(list(Schemas.dir().resolve("examples").resolve(kind.name)))
                    .containsExactlyInAnyOrder("valid", "invalid");
        }
    }

    /** The root object and every object in {@code $defs}. */
    private static List<JsonNode> objectSchemas(JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        out.add(root);
        root.path("$defs").forEach(out::add);
        return out;
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
