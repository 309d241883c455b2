package io.protoflow.stream.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.protoflow.schemas.Example;
import io.protoflow.schemas.Prediction;
import io.protoflow.schemas.ScoredLabel;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.topics.TopicSpec;
import io.protoflow.stream.topics.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroCodecTest {

    private static final long SEED = 20261103L;

    static Stream<Class<? extends SpecificRecordBase>> valueTypes() {
        return Topics.all().stream()
                .<Class<? extends SpecificRecordBase>>map(TopicSpec::valueType)
                .distinct();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static AvroCodec<SpecificRecordBase> codecOf(Class<? extends SpecificRecordBase> type) {
        return (AvroCodec) AvroCodec.of(type);
    }

    static Example fullExample() {
        return Example.newBuilder()
                .setId("ex-42")
                .setModelId("iris")
                .setEventTime(Instant.parse("2026-11-03T10:15:30.123Z"))
                .setFeatures(List.of(5.1f, 3.5f, 1.4f, 0.2f))
                .setText("a small flower, pale petals")
                .setLabel("setosa")
                .setMetadata(Map.of("source", "replayer", "batch", "7"))
                .build();
    }

    // --- round trips -----------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("valueTypes")
    void roundTripsRandomRecordsOfEveryTopicValueType(Class<? extends SpecificRecordBase> type) {
        AvroCodec<SpecificRecordBase> codec = codecOf(type);
        Schema schema = codec.schema();
        BinaryMessageDecoder<GenericRecord> generic =
                new BinaryMessageDecoder<>(GenericData.get(), schema);
        long seed = SEED ^ type.getName().hashCode();
        RandomRecords random = new RandomRecords(seed);
        for (int i = 0; i < 300; i++) {
            GenericRecord original = random.next(schema);
            byte[] written = RandomRecords.encode(original);

            SpecificRecordBase decoded = codec.decode(written);
            byte[] rewritten = codec.encode(decoded);

            assertThat(decoded).as("seed %d, record %d", seed, i).isInstanceOf(type);
            assertThat(codec.decode(rewritten))
                    .as("seed %d, record %d", seed, i)
                    .isEqualTo(decoded);
            assertThat(decodeGeneric(generic, rewritten))
                    .as("seed %d, record %d: %s", seed, i, original)
                    .isEqualTo(original);
        }
    }

    /**
     * Building a codec parses the current schema and every released one from the schemas jar:
     * callers that ask a topic for its codec per record (the CLI's progress monitor, the search
     * service, the end-to-end benchmark) spent most of their time there. One codec per class.
     */
    @Test
    void codecsAreBuiltOncePerRecordClass() {
        assertThat(AvroCodec.of(Example.class)).isSameAs(AvroCodec.of(Example.class));
        assertThat(Topics.PREDICTIONS.codec()).isSameAs(Topics.PREDICTIONS.codec());
        assertThat(Topics.PREDICTIONS.codec()).isSameAs(AvroCodec.of(Prediction.class));
    }

    @Test
    void roundTripsAHandBuiltExample() throws IOException {
        AvroCodec<Example> codec = AvroCodec.of(Example.class);
        Example example = fullExample();

        byte[] bytes = codec.encode(example);

        assertThat(codec.decode(bytes)).isEqualTo(example);
        assertThat(Arrays.copyOf(bytes, 2)).containsExactly(0xC3, 0x01);
        assertThat(fingerprintOf(bytes))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(Example.getClassSchema()));
        assertThat(bytes).isEqualTo(example.toByteBuffer().array());
    }

    // --- bad bytes -------------------------------------------------------------------------

    @Test
    void rejectsNullAndEmptyBytes() {
        AvroCodec<Example> codec = AvroCodec.of(Example.class);

        assertBad(() -> codec.decode(null), BadRecordException.UNDECODABLE)
                .hasMessageContaining("null instead of an encoded io.protoflow.schemas.Example");
        assertBad(() -> codec.decode(new byte[0]), BadRecordException.UNDECODABLE)
                .hasMessageContaining("empty value (0 bytes)");
    }

    @Test
    void rejectsJsonWithTheFirstBytes() {
        byte[] json = "{\"id\":\"ex-1\"}".getBytes(StandardCharsets.UTF_8);

        assertBad(() -> AvroCodec.of(Example.class).decode(json), BadRecordException.UNDECODABLE)
                .hasMessageContaining("not Avro single-object encoding: first bytes 0x7b 0x22");
    }

    @Test
    void rejectsEveryTruncation() {
        AvroCodec<Example> codec = AvroCodec.of(Example.class);
        byte[] bytes = codec.encode(fullExample());

        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            var thrown =
                    catchThrowableOfType(BadRecordException.class, () -> codec.decode(truncated));
            assertThat(thrown).as("first %d of %d bytes", length, bytes.length).isNotNull();
            assertThat(thrown.errorClass()).isEqualTo(BadRecordException.UNDECODABLE);
            if (length >= 10) {
                assertThat(thrown).hasMessageStartingWith("truncated or corrupt Avro body: ");
            } else if (length >= 2) {
                assertThat(thrown).hasMessageContaining("truncated single-object header");
            }
        }
    }

    @Test
    void rejectsTrailingBytes() {
        AvroCodec<Example> codec = AvroCodec.of(Example.class);
        byte[] bytes = codec.encode(fullExample());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

        assertBad(() -> codec.decode(longer), BadRecordException.UNDECODABLE)
                .hasMessageContaining("3 trailing bytes after the body");
    }

    @Test
    void rejectsAnotherRecordsFingerprintAsUnknownSchema() {
        Prediction prediction =
                Prediction.newBuilder()
                        .setExampleId("ex-1")
                        .setModelId("iris")
                        .setModelVersion(3)
                        .setEventTime(Instant.EPOCH)
                        .setPredictedAt(Instant.EPOCH)
                        .setRanked(List.of(new ScoredLabel("setosa", 0.9)))
                        .build();
        byte[] bytes = AvroCodec.of(Prediction.class).encode(prediction);
        String fingerprint =
                HexFormat.of()
                        .toHexDigits(
                                SchemaNormalization.parsingFingerprint64(
                                        Prediction.getClassSchema()));

        assertBad(
                        () -> AvroCodec.of(Example.class).decode(bytes),
                        BadRecordException.UNKNOWN_SCHEMA)
                .hasMessageContaining(
                        "unknown schema fingerprint 0x"
                                + fingerprint
                                + " for io.protoflow.schemas.Example")
                .hasMessageContaining("(current = history v1)");
    }

    @Test
    void rejectsADeclaredStringLengthBeyondTheBodyWithoutAllocatingIt() throws IOException {
        byte[] bytes =
                header(Example.getClassSchema(), out -> out.writeLong(Integer.MAX_VALUE - 16));

        assertBad(() -> AvroCodec.of(Example.class).decode(bytes), BadRecordException.UNDECODABLE)
                .hasMessageContaining("length 2147483631 exceeds the 0 bytes left at byte 10")
                .hasMessageContaining("(Example.id)");
    }

    @Test
    void rejectsADeclaredArraySizeBeyondTheBodyWithoutAllocatingIt() throws IOException {
        byte[] bytes =
                header(
                        Example.getClassSchema(),
                        out -> {
                            out.writeString("ex-1");
                            out.writeIndex(1);
                            out.writeString("iris");
                            out.writeLong(0L);
                            out.writeIndex(1);
                            out.writeLong(1L << 30); // float array block of 2^30 items
                            out.writeFloat(1f);
                        });

        assertBad(() -> AvroCodec.of(Example.class).decode(bytes), BadRecordException.UNDECODABLE)
                .hasMessageContaining(
                        "array block of 1073741824 items cannot fit in the 4 bytes left")
                .hasMessageContaining("(Example.features)");
    }

    @Test
    void rejectsAnOutOfRangeUnionBranch() throws IOException {
        byte[] bytes =
                header(
                        Example.getClassSchema(),
                        out -> {
                            out.writeString("ex-1");
                            out.writeIndex(7);
                        });

        assertBad(() -> AvroCodec.of(Example.class).decode(bytes), BadRecordException.UNDECODABLE)
                .hasMessageContaining("union branch 7 out of range")
                .hasMessageContaining("(Example.modelId)");
    }

    @Test
    void mutatedBytesOnlyEverThrowBadRecordException() {
        Random random = new Random(SEED);
        List<byte[]> valid = new ArrayList<>();
        valueTypes()
                .forEach(
                        type -> {
                            RandomRecords records = new RandomRecords(random.nextLong());
                            for (int i = 0; i < 20; i++) {
                                valid.add(
                                        RandomRecords.encode(records.next(codecOf(type).schema())));
                            }
                        });
        List<AvroCodec<SpecificRecordBase>> codecs =
                valueTypes().map(AvroCodecTest::codecOf).toList();
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = valid.get(random.nextInt(valid.size())).clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                // Keep the header most of the time, so the body checks get exercised.
                int at =
                        random.nextInt(10) == 0
                                ? random.nextInt(bytes.length)
                                : 10 + random.nextInt(Math.max(1, bytes.length - 10));
                if (at < bytes.length) {
                    bytes[at] = (byte) random.nextInt(256);
                }
            }
            if (random.nextInt(4) == 0) {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            }
            for (AvroCodec<SpecificRecordBase> codec : codecs) {
                try {
                    codec.decode(bytes);
                    decoded++;
                } catch (BadRecordException e) {
                    rejected++;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(
                            "seed "
                                    + SEED
                                    + ", mutation "
                                    + i
                                    + ", "
                                    + codec
                                    + ": "
                                    + HexFormat.of().formatHex(bytes),
                            e);
                }
            }
        }
        assertThat(decoded).isPositive();
        assertThat(rejected).isPositive();
    }

    // --- evolution -------------------------------------------------------------------------

    @Test
    void readsDataWrittenByAnOlderSchema() {
        // An "older" Example: no text, label or metadata (the current schema defaults them).
        Schema current = Example.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : current.getFields()) {
            if (!List.of("text", "label", "metadata").contains(f.name())) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema older =
                Schema.createRecord(
                        current.getName(), current.getDoc(), current.getNamespace(), false, fields);
        GenericRecord written = new GenericData.Record(older);
        written.put("id", "ex-7");
        written.put("modelId", "iris");
        written.put("eventTime", 1_793_700_930_123L);
        written.put("features", List.of(1f, 2f));
        byte[] bytes = RandomRecords.encode(written);

        assertBad(
                        () -> AvroCodec.of(Example.class).decode(bytes),
                        BadRecordException.UNKNOWN_SCHEMA)
                .hasMessageContaining("written by a newer schema version");

        Example read = AvroCodec.withExtraWriters(Example.class, List.of(older)).decode(bytes);
        assertThat(read)
                .isEqualTo(
                        Example.newBuilder()
                                .setId("ex-7")
                                .setModelId("iris")
                                .setEventTime(Instant.ofEpochMilli(1_793_700_930_123L))
                                .setFeatures(List.of(1f, 2f))
                                .build());
        assertThat(read.getText()).isNull();
        assertThat(read.getMetadata()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("valueTypes")
    void readsEveryReleasedVersionListedInTheSchemaHistory(Class<? extends SpecificRecordBase> type)
            throws IOException {
        AvroCodec<SpecificRecordBase> codec = codecOf(type);
        List<String> lines = historyLines(type.getSimpleName());
        assertThat(lines).as("history of %s", type.getSimpleName()).isNotEmpty();
        RandomRecords random = new RandomRecords(SEED);
        for (String line : lines) {
            Schema released;
            try (InputStream in = resource(ReleasedSchemas.HISTORY_DIR + line)) {
                released = new Schema.Parser().parse(in);
            }
            long fingerprint = SchemaNormalization.parsingFingerprint64(released);
            assertThat(codec.knownWriters())
                    .extracting(ReleasedSchemas.Known::fingerprint)
                    .contains(fingerprint);
            for (int i = 0; i < 20; i++) {
                byte[] bytes = RandomRecords.encode(random.next(released));
                assertThat(codec.decode(bytes)).isInstanceOf(type);
            }
        }
    }

    // --- plumbing --------------------------------------------------------------------------

    @Test
    void survivesJavaSerializationLikeInsideAFlinkFunction() throws Exception {
        AvroCodec<Example> codec = AvroCodec.of(Example.class);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(codec);
        }
        @SuppressWarnings("unchecked")
        AvroCodec<Example> copy =
                (AvroCodec<Example>)
                        new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))
                                .readObject();

        assertThat(copy).isEqualTo(codec);
        assertThat(copy.decode(codec.encode(fullExample()))).isEqualTo(fullExample());
        assertThat(buffer.size()).as("serialised size").isLessThan(1_000);
    }

    @Test
    void encodeRejectsNullAndRecordsThatBreakTheirSchema() {
        AvroCodec<Example> codec = AvroCodec.of(Example.class);
        Example broken = fullExample();
        broken.setId(null);

        assertThatThrownBy(() -> codec.encode(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("io.protoflow.schemas.Example");
        assertThatThrownBy(() -> codec.encode(broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot encode io.protoflow.schemas.Example")
                .hasMessageContaining("id");
    }

    @Test
    void oneInstanceIsSafeToShareBetweenThreads() throws Exception {
        AvroCodec<Example> codec = AvroCodec.of(Example.class);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(
                        pool.submit(
                                () -> {
                                    for (int i = 0; i < 2_000; i++) {
                                        Example e = fullExample();
                                        e.setId("ex-" + thread + "-" + i);
                                        if (!codec.decode(codec.encode(e)).equals(e)) {
                                            return false;
                                        }
                                    }
                                    return true;
                                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ofRejectsClassesWithoutASchema() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<SpecificRecordBase> notGenerated = (Class) SpecificRecordBase.class;
        assertThatThrownBy(() -> AvroCodec.of(notGenerated))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("org.apache.avro.specific.SpecificRecordBase");
    }

    // --- helpers ---------------------------------------------------------------------------

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertBad(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String errorClass) {
        BadRecordException thrown = catchThrowableOfType(BadRecordException.class, call);
        assertThat(thrown).as("BadRecordException").isNotNull();
        assertThat(thrown.errorClass())
                .as("errorClass of: %s", thrown.getMessage())
                .isEqualTo(errorClass);
        return assertThat(thrown);
    }

    private static GenericRecord decodeGeneric(
            BinaryMessageDecoder<GenericRecord> decoder, byte[] bytes) {
        try {
            return decoder.decode(bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long fingerprintOf(byte[] bytes) {
        long fp = 0;
        for (int i = 9; i >= 2; i--) {
            fp = (fp << 8) | (bytes[i] & 0xffL);
        }
        return fp;
    }

    interface BodyWriter {
        void write(BinaryEncoder out) throws IOException;
    }

    /** A valid single-object header for {@code schema} followed by a hand-written body. */
    private static byte[] header(Schema schema, BodyWriter body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xC3);
        out.write(0x01);
        long fp = SchemaNormalization.parsingFingerprint64(schema);
        for (int i = 0; i < 8; i++) {
            out.write((int) (fp >>> (8 * i)) & 0xff);
        }
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        body.write(encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static List<String> historyLines(String record) throws IOException {
        try (InputStream in = resource(ReleasedSchemas.INDEX)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> l.startsWith(record + "/"))
                    .toList();
        }
    }

    private static InputStream resource(String name) {
        InputStream in = AvroCodecTest.class.getClassLoader().getResourceAsStream(name);
        assertThat(in).as(name).isNotNull();
        return in;
    }
}
