package io.protoflow.stream.avro;

import io.protoflow.stream.BadRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Encodes one generated record type to Avro single-object encoding and decodes it back, reading
 * data written by every released version of the schema as well as the current one.
 *
 * <p>Encoded bytes are the marker {@code C3 01}, the 8-byte little-endian CRC-64-AVRO fingerprint
 * of the writer schema, then the Avro binary body. {@link #decode} looks the fingerprint up among
 * the current schema and the history versions the schemas jar lists in {@code
 * io/protoflow/schemas/history/index.txt}, checks the body against that writer schema, then
 * resolves it into the current class. Any problem with the bytes is a {@link BadRecordException}
 * with error class {@value BadRecordException#UNDECODABLE} or {@value
 * BadRecordException#UNKNOWN_SCHEMA}.
 *
 * <p>The codec is {@link Serializable} so it can travel inside Flink functions: it serialises only
 * the record class and rebuilds its encoder and decoder lazily. An instance is thread-safe.
 *
 * @param <T> the generated record class
 */
public final class AvroCodec<T extends SpecificRecordBase> implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final HexFormat HEX = HexFormat.of();

    private final Class<T> type;

    /** Schemas, beyond the released ones, whose data this codec also reads (JSON). */
    private final List<String> extraWriterSchemas;

    private transient volatile State<T> state;

    /** Encoder, decoder and the writer schemas they know; immutable once built. */
    private record State<T>(
            Schema schema,
            BinaryMessageEncoder<T> encoder,
            BinaryMessageDecoder<T> decoder,
            Map<Long, ReleasedSchemas.Known> writers) {}

    private AvroCodec(Class<T> type, List<String> extraWriterSchemas) {
        this.type = Objects.requireNonNull(type, "type");
        this.extraWriterSchemas = List.copyOf(extraWriterSchemas);
    }

    /**
     * A codec for a generated record class, e.g. {@code AvroCodec.of(Example.class)}.
     *
     * @throws IllegalArgumentException when {@code type} is not a generated Avro record class
     * @throws IllegalStateException when the schema history on the classpath is broken
     */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecordBase> AvroCodec<T> of(Class<T> type) {
        return (AvroCodec<T>) BY_CLASS.get(Objects.requireNonNull(type, "type"));
    }

    /**
     * One codec per record class: building one parses the current and every released schema, far
     * more work than a record, and instances are thread-safe, so callers that ask per record pay
     * nothing. A class whose codec fails to build is not cached and fails again on the next call.
     */
    private static final ClassValue<AvroCodec<?>> BY_CLASS =
            new ClassValue<>() {
                @Override
                @SuppressWarnings({"unchecked", "rawtypes"})
                protected AvroCodec<?> computeValue(Class<?> type) {
                    AvroCodec<?> codec = new AvroCodec(type, List.of());
                    codec.state(); // fail at wiring time, not on the first record
                    return codec;
                }
            };

    /**
     * A codec that also reads data written with the given schemas, for data written by a schema
     * that was never released (tests, migrations). They must be resolvable into the current schema.
     */
    static <T extends SpecificRecordBase> AvroCodec<T> withExtraWriters(
            Class<T> type, Collection<Schema> writerSchemas) {
        AvroCodec<T> codec =
                new AvroCodec<>(type, writerSchemas.stream().map(Schema::toString).toList());
        codec.state();
        return codec;
    }

    /** The record class this codec reads and writes. */
    public Class<T> type() {
        return type;
    }

    /** The current (reader and writer) schema of the record class. */
    public Schema schema() {
        return state().schema();
    }

    /**
     * Encodes a record: single-object header with the current schema's fingerprint, then the binary
     * body.
     *
     * @throws NullPointerException when {@code record} is null
     * @throws IllegalArgumentException when the record does not fit its schema (e.g. a required
     *     field left null through a setter)
     */
    public byte[] encode(T record) {
        Objects.requireNonNull(record, () -> "cannot encode a null " + type.getName());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            state().encoder().encode(record, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + type.getName(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "cannot encode " + type.getName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes bytes written by {@link #encode} of this or of any released schema version.
     *
     * @throws BadRecordException for null, empty, non-Avro, truncated or corrupt bytes ({@value
     *     BadRecordException#UNDECODABLE}) and for a fingerprint of a schema this build does not
     *     know ({@value BadRecordException#UNKNOWN_SCHEMA}); nothing else, except an {@link
     *     IllegalStateException} if the schemas jar itself is broken, which {@link #of} reports
     *     first
     */
    public T decode(byte[] bytes) {
        String name = type.getName();
        if (bytes == null) {
            throw undecodable("null instead of an encoded " + name, null);
        }
        if (bytes.length == 0) {
            throw undecodable("empty value (0 bytes) instead of an encoded " + name, null);
        }
        if (bytes.length < 2 || bytes[0] != (byte) 0xC3 || bytes[1] != (byte) 0x01) {
            throw undecodable(
                    "not Avro single-object encoding: first bytes "
                            + firstBytes(bytes, 2)
                            + ", expected 0xc3 0x01 (decoding "
                            + name
                            + ", "
                            + bytes.length
                            + " bytes)",
                    null);
        }
        if (bytes.length < 10) {
            throw undecodable(
                    "truncated single-object header: "
                            + bytes.length
                            + " bytes, the marker and fingerprint take 10 (decoding "
                            + name
                            + ")",
                    null);
        }
        State<T> s = state();
        long fingerprint = fingerprint(bytes);
        ReleasedSchemas.Known writer = s.writers().get(fingerprint);
        if (writer == null) {
            throw new BadRecordException(
                    BadRecordException.UNKNOWN_SCHEMA,
                    "unknown schema fingerprint "
                            + hex(fingerprint)
                            + " for "
                            + name
                            + "; this build reads "
                            + s.writers().values().stream()
                                    .map(k -> hex(k.fingerprint()) + " (" + k.label() + ")")
                                    .collect(Collectors.joining(", "))
                            + " (written by a newer schema version, or by another record"
                            + " type?)");
        }
        try {
            BodyCheck.check(writer.schema(), bytes, 10);
        } catch (BodyCheck.CorruptBody e) {
            throw undecodable(
                    "truncated or corrupt Avro body: "
                            + e.getMessage()
                            + " (decoding "
                            + name
                            + " written by "
                            + writer.label()
                            + " "
                            + hex(fingerprint)
                            + ", "
                            + bytes.length
                            + " bytes)",
                    null);
        }
        try {
            return s.decoder().decode(bytes);
        } catch (IOException | RuntimeException e) {
            throw undecodable(
                    "truncated or corrupt Avro body: "
                            + e
                            + " (decoding "
                            + name
                            + " written by "
                            + writer.label()
                            + " "
                            + hex(fingerprint)
                            + ")",
                    e);
        }
    }

    /** The writer schemas this codec reads, by label ("current", "history v1", ...). */
    List<ReleasedSchemas.Known> knownWriters() {
        return List.copyOf(state().writers().values());
    }

    private State<T> state() {
        State<T> s = state;
        if (s == null) {
            s = build();
            state = s; // benign race: concurrent builders produce equal states
        }
        return s;
    }

    private State<T> build() {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema;
        try {
            schema = model.getSchema(type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    type.getName() + " is not a generated Avro record class", e);
        }
        if (schema == null || schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    type.getName() + " is not a generated Avro record class, schema " + schema);
        }
        List<ReleasedSchemas.Known> known = new ArrayList<>();
        known.add(ReleasedSchemas.Known.of("current", schema));
        ClassLoader loader =
                type.getClassLoader() != null
                        ? type.getClassLoader()
                        : AvroCodec.class.getClassLoader();
        known.addAll(ReleasedSchemas.history(schema, loader));
        for (String json : extraWriterSchemas) {
            known.add(ReleasedSchemas.Known.of("extra", new Schema.Parser().parse(json)));
        }

        BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(model, schema);
        Map<Long, ReleasedSchemas.Known> writers = new LinkedHashMap<>();
        for (ReleasedSchemas.Known k : known) {
            ReleasedSchemas.Known same = writers.get(k.fingerprint());
            if (same != null) {
                // e.g. "current = history v3": the newest release is the current schema
                writers.put(
                        k.fingerprint(),
                        new ReleasedSchemas.Known(
                                same.label() + " = " + k.label(),
                                same.fingerprint(),
                                same.schema()));
            } else {
                writers.put(k.fingerprint(), k);
                decoder.addSchema(k.schema());
            }
        }
        return new State<>(
                schema,
                new BinaryMessageEncoder<>(model, schema),
                decoder,
                Collections.unmodifiableMap(writers));
    }

    private static long fingerprint(byte[] bytes) {
        long fp = 0;
        for (int i = 9; i >= 2; i--) {
            fp = (fp << 8) | (bytes[i] & 0xffL);
        }
        return fp;
    }

    private static String hex(long fingerprint) {
        return "0x" + HEX.toHexDigits(fingerprint);
    }

    private static String firstBytes(byte[] bytes, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(n, bytes.length); i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append("0x").append(HEX.toHexDigits(bytes[i]));
        }
        return out.toString();
    }

    private static BadRecordException undecodable(String message, Throwable cause) {
        return new BadRecordException(BadRecordException.UNDECODABLE, message, cause);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AvroCodec<?> other
                && type.equals(other.type)
                && extraWriterSchemas.equals(other.extraWriterSchemas);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + extraWriterSchemas.hashCode();
    }

    @Override
    public String toString() {
        return "AvroCodec[" + type.getName() + "]";
    }
}
