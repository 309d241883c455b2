package io.protoflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema evolution guard. Every released version of every topic value record is kept in {@code
 * history/} with a golden record written by it; this test proves the current generated classes
 * still read all of them, and fails when a schema changes without a new history version. See
 * schemas/README.md, "Evolving a schema".
 */
class SchemaEvolutionTest {

    private static final String HOW_TO_RELEASE =
            "If the change is intended, release it as a new version: run"
                    + " `mvn -pl schemas test -Dtest=GoldenWriterTest -Dprotoflow.golden.write=true`,"
                    + " which adds history/%1$s/v%2$d.avsc, its line in history/index.txt and"
                    + " golden/%1$s.v%2$d.bin; review and commit them (schemas/README.md,"
                    + " \"Evolving a schema\").";

    static List<String> records() {
        return SchemaHistory.topLevelRecords();
    }

    @Test
    void topLevelRecordsAreTheTopicValueRecords() {
        assertThat(records())
                .containsExactlyInAnyOrder(
                        "Alert",
                        "DeadLetter",
                        "Document",
                        "Example",
                        "IndexUpdate",
                        "LabelFeedback",
                        "MetricsReport",
                        "ModelControl",
                        "ModelSnapshot",
                        "Prediction",
                        "SearchQuery",
                        "SearchResults");
    }

    @Test
    void historyIndexListsOnlyKnownRecordsWithConsecutiveVersions() {
        Map<String, List<Integer>> versions =
                SchemaHistory.load().stream()
                        .collect(
                                Collectors.groupingBy(
                                        SchemaHistory.Entry::record,
                                        TreeMap::new,
                                        Collectors.mapping(
                                                SchemaHistory.Entry::version,
                                                Collectors.toList())));
        assertThat(versions.keySet())
                .as("records in history/index.txt")
                .containsExactlyInAnyOrderElementsOf(records());
        versions.forEach(
                (record, list) ->
                        assertThat(list)
                                .as("versions of %s in history/index.txt", record)
                                .isEqualTo(IntStream.rangeClosed(1, list.size()).boxed().toList()));
        for (SchemaHistory.Entry e : SchemaHistory.load()) {
            assertThat(e.schema().getFullName())
                    .as(e.resource())
                    .isEqualTo("io.protoflow.schemas." + e.record());
        }
    }

    /** (c) Changing an .avsc without releasing a new version fails here. */
    @ParameterizedTest
    @MethodSource("records")
    void currentSchemaIsTheNewestReleasedVersion(String record) {
        Optional<String> problem =
                newestVersionProblem(
                        record, SchemaHistory.currentSchema(record), SchemaHistory.of(record));
        if (problem.isPresent()) {
            fail(problem.get());
        }
    }

    /** (b) The current schema reads data written by every released version. */
    @ParameterizedTest
    @MethodSource("records")
    void currentSchemaReadsEveryReleasedVersion(String record) {
        Schema current = SchemaHistory.currentSchema(record);
        for (SchemaHistory.Entry entry : SchemaHistory.of(record)) {
            Optional<String> problem = compatibilityProblem(current, entry);
            if (problem.isPresent()) {
                fail(problem.get());
            }
        }
    }

    /**
     * (a) Every golden decodes with the current generated class (history schemas registered), and
     * the fields both versions have hold the values the writer schema reads.
     */
    @ParameterizedTest
    @MethodSource("records")
    void everyGoldenDecodesWithTheCurrentClass(String record) throws Exception {
        Class<?> type = SchemaHistory.recordClass(record);
        Schema current = SchemaHistory.currentSchema(record);
        List<SchemaHistory.Entry> history = SchemaHistory.of(record);
        SchemaStore.Cache store = new SchemaStore.Cache();
        history.forEach(e -> store.addSchema(e.schema()));
        BinaryMessageDecoder<?> decoder =
                (BinaryMessageDecoder<?>)
                        type.getMethod("createDecoder", SchemaStore.class).invoke(null, store);

        for (SchemaHistory.Entry entry : history) {
            byte[] golden = golden(entry);
            assertThat(fingerprintOf(golden))
                    .as("fingerprint in the header of golden/%s", entry.golden())
                    .isEqualTo(entry.fingerprint());

            Object decoded = decoder.decode(golden);
            assertThat(decoded)
                    .as("%s read by the current class", entry.golden())
                    .isInstanceOf(type);
            GenericRecord asWritten =
                    new BinaryMessageDecoder<GenericRecord>(GenericData.get(), entry.schema())
                            .decode(golden);

            Object expected = normalize(asWritten, entry.schema(), GenericData.get());
            Object actual = normalize(decoded, current, SpecificData.getForClass(type));
            assertSameCommonValues(entry.golden(), expected, actual);
        }
    }

    /** A golden is only a good witness when it sets every field, optional ones included. */
    @ParameterizedTest
    @MethodSource("records")
    void everyGoldenSetsEveryField(String record) throws IOException {
        for (SchemaHistory.Entry entry : SchemaHistory.of(record)) {
            GenericRecord asWritten =
                    new BinaryMessageDecoder<GenericRecord>(GenericData.get(), entry.schema())
                            .decode(golden(entry));
            assertThat(GoldenSamples.unsetFields(asWritten)).as(entry.golden()).isEmpty();
        }
    }

    @Test
    void guardRejectsAnEditedSchemaThatWasNotReleased() {
        Schema released = Example.getClassSchema();
        List<SchemaHistory.Entry> history =
                List.of(new SchemaHistory.Entry("Example", 1, released));
        Schema edited =
                withExtraField(released, "addedByGuardTest", SchemaBuilder.builder().intType(), 0);

        assertThat(newestVersionProblem("Example", released, history)).isEmpty();
        assertThat(newestVersionProblem("Example", edited, history))
                .get()
                .asString()
                .contains("Example changed")
                .contains("history/Example/v2.avsc")
                .contains("golden/Example.v2.bin");
    }

    @Test
    void guardRejectsAChangedDefaultThatKeepsTheFingerprint() {
        Schema released = Example.getClassSchema();
        List<SchemaHistory.Entry> history =
                List.of(new SchemaHistory.Entry("Example", 1, released));
        Schema withoutDefaults =
                new Schema.Parser()
                        .parse(
                                released.toString()
                                        .replace("\"default\":{}", "\"default\":{\"a\":\"b\"}"));
        assertThat(SchemaNormalization.parsingFingerprint64(withoutDefaults))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(released));

        assertThat(newestVersionProblem("Example", withoutDefaults, history))
                .get()
                .asString()
                .contains("defaults or logical types");
    }

    @Test
    void guardRejectsAFieldAddedWithoutDefault() {
        Schema released = Example.getClassSchema();
        Schema edited =
                withExtraField(
                        released, "addedByGuardTest", SchemaBuilder.builder().intType(), null);

        assertThat(compatibilityProblem(edited, new SchemaHistory.Entry("Example", 1, released)))
                .get()
                .asString()
                .contains("cannot read data written by history/Example/v1.avsc")
                .contains("addedByGuardTest");
    }

    // ---------------------------------------------------------------------------------------

    static Optional<String> newestVersionProblem(
            String record, Schema current, List<SchemaHistory.Entry> history) {
        long fingerprint = SchemaNormalization.parsingFingerprint64(current);
        int next = history.isEmpty() ? 1 : history.getLast().version() + 1;
        String release = String.format(HOW_TO_RELEASE, record, next);
        if (history.isEmpty()) {
            return Optional.of(record + " has no released version. " + release);
        }
        SchemaHistory.Entry newest = history.getLast();
        if (newest.fingerprint() != fingerprint) {
            String known =
                    history.stream()
                            .map(e -> "v" + e.version() + "=" + hex(e.fingerprint()))
                            .collect(Collectors.joining(", "));
            return Optional.of(
                    record
                            + " changed: its schema fingerprint "
                            + hex(fingerprint)
                            + " is not the newest released version (released: "
                            + known
                            + "). Released schemas are append-only. "
                            + release);
        }
        if (!newest.schema().equals(current)) {
            return Optional.of(
                    record
                            + " changed defaults or logical types since "
                            + newest.resource()
                            + " (same fingerprint "
                            + hex(fingerprint)
                            + ", different schema). Readers rely on defaults, so this is a new"
                            + " version. "
                            + release);
        }
        return Optional.empty();
    }

    static Optional<String> compatibilityProblem(Schema current, SchemaHistory.Entry entry) {
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(current, entry.schema());
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return Optional.empty();
        }
        String why =
                result.getResult().getIncompatibilities().stream()
                        .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                        .collect(Collectors.joining("; "));
        return Optional.of(
                "the current "
                        + entry.record()
                        + " cannot read data written by history/"
                        + entry.record()
                        + "/v"
                        + entry.version()
                        + ".avsc: "
                        + why
                        + ". Add fields with defaults, never remove or retype a field without"
                        + " a default.");
    }

    private static Schema withExtraField(
            Schema schema, String name, Schema type, Object defaultValue) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : schema.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field(name, type, "test field", defaultValue));
        return Schema.createRecord(
                schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static byte[] golden(SchemaHistory.Entry entry) throws IOException {
        String resource = "golden/" + entry.golden();
        try (InputStream in =
                SchemaEvolutionTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                fail(
                        "missing "
                                + resource
                                + " for "
                                + entry.resource()
                                + ": every released version needs a golden record. Run `mvn -pl"
                                + " schemas test -Dtest=GoldenWriterTest"
                                + " -Dprotoflow.golden.write=true` and commit the file.");
            }
            return in.readAllBytes();
        }
    }

    /** The CRC-64-AVRO fingerprint in a single-object encoding header (bytes 2..9, LE). */
    private static long fingerprintOf(byte[] encoded) {
        assertThat(encoded.length).isGreaterThanOrEqualTo(10);
        assertThat(encoded[0]).isEqualTo((byte) 0xC3);
        assertThat(encoded[1]).isEqualTo((byte) 0x01);
        return ByteBuffer.wrap(encoded, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static String hex(long fingerprint) {
        return "0x" + HexFormat.of().toHexDigits(fingerprint);
    }

    // ---------------------------------------------------------------------------------------
    // Values as plain trees: specific (String, Instant, enums, generated records) and generic
    // (Utf8, Long, EnumSymbol, GenericRecord) representations compare equal.

    /** A record's fields by name, distinct from an Avro map. */
    private record RecordValue(String name, Map<String, Object> fields) {}

    private static Object normalize(Object value, Schema schema, GenericData model) {
        return switch (schema.getType()) {
            case UNION ->
                    normalize(
                            value, schema.getTypes().get(model.resolveUnion(schema, value)), model);
            case RECORD -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (Schema.Field f : schema.getFields()) {
                    fields.put(
                            f.name(),
                            normalize(model.getField(value, f.name(), f.pos()), f.schema(), model));
                }
                yield new RecordValue(schema.getFullName(), fields);
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (Object item : (Iterable<?>) value) {
                    items.add(normalize(item, schema.getElementType(), model));
                }
                yield items;
            }
            case MAP -> {
                Map<String, Object> map = new TreeMap<>();
                ((Map<?, ?>) value)
                        .forEach(
                                (k, v) ->
                                        map.put(
                                                k.toString(),
                                                normalize(v, schema.getValueType(), model)));
                yield map;
            }
            case STRING, ENUM -> value.toString();
            case BYTES -> HexFormat.of().formatHex(((ByteBuffer) value).duplicate().array());
            case FIXED -> HexFormat.of().formatHex(((GenericData.Fixed) value).bytes());
            case LONG ->
                    value instanceof Instant instant
                                    && schema.getLogicalType()
                                            instanceof LogicalTypes.TimestampMillis
                            ? instant.toEpochMilli()
                            : value;
            default -> value;
        };
    }

    /** Equal values for every field both sides have, recursively. */
    private static void assertSameCommonValues(String path, Object expected, Object actual) {
        if (expected instanceof RecordValue w && actual instanceof RecordValue r) {
            w.fields()
                    .forEach(
                            (name, value) -> {
                                if (r.fields().containsKey(name)) {
                                    assertSameCommonValues(
                                            path + "." + name, value, r.fields().get(name));
                                }
                            });
        } else if (expected instanceof List<?> w && actual instanceof List<?> r) {
            assertThat(r).as(path + " size").hasSameSizeAs(w);
            for (int i = 0; i < w.size(); i++) {
                assertSameCommonValues(path + "[" + i + "]", w.get(i), r.get(i));
            }
        } else if (expected instanceof Map<?, ?> w && actual instanceof Map<?, ?> r) {
            assertThat(r.keySet()).as(path + " keys").isEqualTo(w.keySet());
            w.forEach((k, v) -> assertSameCommonValues(path + "[" + k + "]", v, r.get(k)));
        } else if (expected instanceof Number w && actual instanceof Number r) {
            // Type promotion (int -> long -> float -> double) keeps the value.
            assertThat(r.doubleValue()).as(path).isEqualTo(w.doubleValue());
        } else {
            assertThat(actual).as(path).isEqualTo(expected);
        }
    }
}
