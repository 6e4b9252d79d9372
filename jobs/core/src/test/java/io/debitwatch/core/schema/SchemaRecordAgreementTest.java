package io.debitwatch.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.debitwatch.core.detect.Fact;
import io.debitwatch.core.detect.Finding;
import io.debitwatch.core.detect.Outputs;
import io.debitwatch.core.detect.Verdict;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.NoticeKind;
import io.debitwatch.core.schema.Schemas.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each schema and its Java record describe the same JSON: the same property names (as the job's
 * mapper writes them), the same {@code required} (every component not annotated NON_NULL), the same
 * JSON types, and the same enum values, recursively through nested records ({@code $defs}). A
 * component added to a record and not to its schema, or the other way round, fails here.
 */
class SchemaRecordAgreementTest {

    private static final ObjectMapper MAPPER = Json.mapper();

    /**
     * String components whose values come from a fixed Java set: the schema must enumerate exactly
     * that set. Any other string property with an enum in a schema is an error.
     */
    private static final Map<String, Set<String>> STRING_ENUMS =
            Map.of(
                    "alert.schema.json#/properties/verdict", names(Verdict.values()),
                    "alert.schema.json#/properties/resolution", Set.of(Outputs.MONEY_RETURNED),
                    "alert.schema.json#/$defs/evidence/properties/type",
                            names(Fact.Origin.values()),
                    "alert.schema.json#/$defs/evidence/properties/result", evidenceResults(),
                    "notification.schema.json#/properties/kind", notificationKinds());

    /** A JSON object in a schema (the root or a {@code $defs} entry) and its record type. */
    record ObjectPair(String where, JsonNode schema, JavaType type) {
        @Override
        public String toString() {
            return where + " <-> " + type.getRawClass().getName();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void propertyNamesEqualTheRecordsJsonNames(Kind kind) {
        for (ObjectPair pair : objects(kind)) {
            assertThat(fieldNames(pair.schema().path("properties")))
                    .as("property names of %s", pair)
                    .containsExactlyInAnyOrderElementsOf(jsonNames(pair.type()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void requiredEqualsTheComponentsWithoutNonNull(Kind kind) {
        for (ObjectPair pair : objects(kind)) {
            List<String> required = new ArrayList<>();
            for (BeanPropertyDefinition p : properties(pair.type())) {
                if (!optional(p)) {
                    required.add(p.getName());
                }
            }
            assertThat(texts(pair.schema().path("required")))
                    .as("required of %s", pair)
                    .containsExactlyInAnyOrderElementsOf(required);
        }
    }

    /**
     * The JSON type of each property follows its Java type; only optional input fields may be null
     * (the parser reads null as absent); instants are date-times.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void jsonTypesFollowTheJavaTypes(Kind kind) {
        JsonNode root = kind.tree();
        for (ObjectPair pair : objects(kind)) {
            assertThat(pair.schema().path("type").asText())
                    .as("type of %s", pair)
                    .isEqualTo("object");
            for (BeanPropertyDefinition p : properties(pair.type())) {
                JsonNode prop = pair.schema().path("properties").path(p.getName());
                if (prop.isMissingNode()) {
                    continue; // reported by propertyNamesEqualTheRecordsJsonNames
                }
                String where = pair.where() + "/properties/" + p.getName();
                JsonNode resolved = resolve(root, prop);
                Set<String> types = texts(resolved.path("type"));
                boolean nullable = types.remove("null");
                JavaType javaType = p.getPrimaryType();
                assertThat(types)
                        .as("JSON type of %s (%s)", where, javaType)
                        .containsExactly(jsonType(javaType));
                assertThat(nullable)
                        .as("%s may be null (only optional input fields may)", where)
                        .isEqualTo(kind.input && optional(p));
                if (javaType.getRawClass() == Instant.class) {
                    assertThat(resolved.path("format").asText())
                            .as("format of %s", where)
                            .isEqualTo("date-time");
                }
                if (javaType.isCollectionLikeType()) {
                    assertThat(resolved.path("items").isObject()).as("items of %s", where).isTrue();
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void enumsEqualTheJavaConstants(Kind kind) {
        JsonNode root = kind.tree();
        for (ObjectPair pair : objects(kind)) {
            for (BeanPropertyDefinition p : properties(pair.type())) {
                JsonNode prop = pair.schema().path("properties").path(p.getName());
                if (prop.isMissingNode()) {
                    continue;
                }
                String where = pair.where() + "/properties/" + p.getName();
                JsonNode resolved = resolve(root, prop);
                Set<String> schemaEnum = enumValues(resolved);
                Class<?> raw = p.getPrimaryType().getRawClass();
                Set<String> expected;
                if (raw.isEnum()) {
                    expected = names((Enum<?>[]) raw.getEnumConstants());
                } else if (STRING_ENUMS.containsKey(where)) {
                    expected = STRING_ENUMS.get(where);
                } else {
                    assertThat(resolved.has("enum"))
                            .as(
                                    "%s has an enum but %s is not a Java enum nor listed in STRING_ENUMS",
                                    where, raw.getSimpleName())
                            .isFalse();
                    continue;
                }
                assertThat(schemaEnum)
                        .as("enum of %s", where)
                        .containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    /** Every STRING_ENUMS entry still points at a property; a stale entry would check nothing. */
    @Test
    void stringEnumTableNamesExistingProperties() {
        Set<String> seen = new TreeSet<>();
        for (Kind kind : Kind.values()) {
            for (ObjectPair pair : objects(kind)) {
                for (String name : fieldNames(pair.schema().path("properties"))) {
                    seen.add(pair.where() + "/properties/" + name);
                }
            }
        }
        assertThat(seen).containsAll(STRING_ENUMS.keySet());
    }

    /**
     * Conditional rules (allOf / if / then / else / not / dependentRequired) name only declared
     * properties, and narrow enums without adding values: a typo there would silently never apply.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void conditionalRulesOnlyNarrowDeclaredProperties(Kind kind) {
        JsonNode root = kind.tree();
        for (ObjectPair pair : objects(kind)) {
            JsonNode declared = pair.schema().path("properties");
            List<JsonNode> rules = new ArrayList<>();
            rules.add(pair.schema());
            collectConditionals(pair.schema(), rules);
            for (JsonNode rule : rules) {
                Set<String> named = new LinkedHashSet<>(texts(rule.path("required")));
                named.addAll(fieldNames(rule.path("properties")));
                rule.path("dependentRequired")
                        .fields()
                        .forEachRemaining(
                                e -> {
                                    named.add(e.getKey());
                                    named.addAll(texts(e.getValue()));
                                });
                assertThat(fieldNames(declared))
                        .as("properties named by a rule of %s: %s", pair, rule)
                        .containsAll(named);
                if (rule == pair.schema()) {
                    continue;
                }
                for (String name : fieldNames(rule.path("properties"))) {
                    Set<String> narrowed = enumValues(rule.path("properties").path(name));
                    Set<String> declaredEnum = enumValues(resolve(root, declared.path(name)));
                    if (!narrowed.isEmpty()) {
                        assertThat(declaredEnum)
                                .as("values a rule of %s allows for %s", pair, name)
                                .containsAll(narrowed);
                    }
                }
            }
        }
    }

    /** Every {@code $defs} entry describes a nested record; none is left over. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void everyDefinitionIsANestedRecord(Kind kind) {
        Set<String> reached =
                objects(kind).stream()
                        .map(ObjectPair::where)
                        .filter(w -> w.contains("#/$defs/"))
                        .map(w -> w.substring(w.lastIndexOf('/') + 1))
                        .collect(Collectors.toSet());
        assertThat(fieldNames(kind.tree().path("$defs")))
                .containsExactlyInAnyOrderElementsOf(reached);
    }

    @Test
    void nestedRecordsAreReached() {
        assertThat(objects(Kind.ALERT))
                .extracting(ObjectPair::where)
                .contains("alert.schema.json#/$defs/evidence");
        assertThat(objects(Kind.NOTIFICATION))
                .extracting(ObjectPair::where)
                .contains("notification.schema.json#/$defs/text");
    }

    // ------------------------------------------------------------------ schema and record walking

    /** The root object and, recursively, every nested record reached through a local $ref. */
    static List<ObjectPair> objects(Kind kind) {
        JsonNode root = kind.tree();
        List<ObjectPair> out = new ArrayList<>();
        collect(kind.fileName() + "#", root, root, MAPPER.constructType(kind.record), out);
        return out;
    }

    private static void collect(
            String where, JsonNode root, JsonNode schema, JavaType type, List<ObjectPair> out) {
        out.add(new ObjectPair(where, schema, type));
        for (BeanPropertyDefinition p : properties(type)) {
            JavaType t = p.getPrimaryType();
            JavaType element = t.isCollectionLikeType() ? t.getContentType() : t;
            if (!element.isRecordType()) {
                continue;
            }
            JsonNode prop = schema.path("properties").path(p.getName());
            if (prop.isMissingNode()) {
                continue; // reported by propertyNamesEqualTheRecordsJsonNames
            }
            JsonNode target = t.isCollectionLikeType() ? prop.path("items") : prop;
            String ref = target.path("$ref").asText("");
            assertThat(ref)
                    .as(
                            "%s/properties/%s holds a %s: it must $ref a $defs entry",
                            where, p.getName(), element.getRawClass().getSimpleName())
                    .startsWith("#/$defs/");
            String file = where.substring(0, where.indexOf('#') + 1);
            collect(file + ref.substring(1), root, root.at(ref.substring(1)), element, out);
        }
    }

    /** The properties the job's mapper writes for a type, snake_case, in declaration order. */
    static List<BeanPropertyDefinition> properties(JavaType type) {
        BeanDescription description = MAPPER.getSerializationConfig().introspect(type);
        return description.findProperties();
    }

    static List<String> jsonNames(JavaType type) {
        return properties(type).stream().map(BeanPropertyDefinition::getName).toList();
    }

    /** Optional = left out when null (NON_NULL or stricter); everything else is always written. */
    static boolean optional(BeanPropertyDefinition p) {
        JsonInclude.Include inclusion = p.findInclusion().getValueInclusion();
        return inclusion != JsonInclude.Include.ALWAYS
                && inclusion != JsonInclude.Include.USE_DEFAULTS;
    }

    private static String jsonType(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (raw == String.class || raw.isEnum() || raw == Instant.class) {
            return "string";
        }
        if (raw == long.class || raw == Long.class || raw == int.class || raw == Integer.class) {
            return "integer";
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return "boolean";
        }
        if (type.isCollectionLikeType()) {
            return "array";
        }
        if (type.isRecordType()) {
            return "object";
        }
        throw new AssertionError("no JSON type known for " + type);
    }

    /** A property's schema with a local {@code $ref} followed (its own keywords kept). */
    private static JsonNode resolve(JsonNode root, JsonNode prop) {
        if (!prop.has("$ref")) {
            return prop;
        }
        JsonNode target = root.at(prop.get("$ref").asText().substring(1));
        assertThat(target.isMissingNode()).as("$ref %s resolves", prop.get("$ref")).isFalse();
        return target;
    }

    private static void collectConditionals(JsonNode schema, List<JsonNode> out) {
        for (String key : List.of("allOf", "anyOf", "oneOf")) {
            for (JsonNode sub : schema.path(key)) {
                out.add(sub);
                collectConditionals(sub, out);
            }
        }
        for (String key : List.of("if", "then", "else", "not")) {
            JsonNode sub = schema.path(key);
            if (sub.isObject()) {
                out.add(sub);
                collectConditionals(sub, out);
            }
        }
    }

    /** The non-null values of {@code enum} or {@code const}; empty when there are none. */
    private static Set<String> enumValues(JsonNode schema) {
        Set<String> values = new LinkedHashSet<>();
        for (JsonNode v : schema.path("enum")) {
            if (!v.isNull()) {
                values.add(v.asText());
            }
        }
        if (schema.has("const") && !schema.get("const").isNull()) {
            values.add(schema.get("const").asText());
        }
        return values;
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static Set<String> texts(JsonNode node) {
        Set<String> out = new LinkedHashSet<>();
        if (node.isTextual()) {
            out.add(node.asText());
        }
        for (JsonNode v : node) {
            out.add(v.asText());
        }
        return out;
    }

    /** A notification is about a finding (an alert or the early warning) or a provider notice. */
    static Set<String> notificationKinds() {
        Set<String> kinds = names(Finding.values());
        kinds.addAll(names(NoticeKind.values()));
        return kinds;
    }

    static Set<String> names(Enum<?>[] constants) {
        return Stream.of(constants)
                .map(Enum::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** What {@link Fact#toEvidence()} writes as {@code result}, over every kind of fact. */
    static Set<String> evidenceResults() {
        Set<String> results = new LinkedHashSet<>();
        for (Fact.Kind kind : Fact.Kind.values()) {
            Fact.Origin origin = kind.isTerminal() ? Fact.Origin.PAY_RESULT : Fact.Origin.NOTIFY;
            String result =
                    new Fact("e-1", 0L, kind, origin, 1L, "CNY", null, null, -1L)
                            .toEvidence()
                            .result();
            if (result != null) {
                results.add(result);
            }
        }
        return results;
    }
}
