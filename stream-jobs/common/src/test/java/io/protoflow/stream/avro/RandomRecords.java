package io.protoflow.stream.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Seeded random generic records of any schema: unions take any branch (null included), arrays and
 * maps have 0 to 4 entries, strings mix ASCII and non-ASCII characters. Used to round-trip codecs
 * over the whole value space of each topic's schema.
 */
final class RandomRecords {

    private static final String ALPHABET = "abcXYZ019 -_/.:é€日本😀";

    private final Random random;

    RandomRecords(long seed) {
        this.random = new Random(seed);
    }

    GenericRecord next(Schema schema) {
        return (GenericRecord) value(schema, 0);
    }

    /** Single-object encoding of a generic record with its own schema. */
    static byte[] encode(GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new BinaryMessageEncoder<GenericRecord>(GenericData.get(), record.getSchema())
                    .encode(record, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private Object value(Schema schema, int depth) {
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), value(field.schema(), depth + 1));
                }
                yield record;
            }
            case UNION -> {
                List<Schema> types = schema.getTypes();
                yield value(types.get(random.nextInt(types.size())), depth);
            }
            case ARRAY -> {
                int n = random.nextInt(5);
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(value(schema.getElementType(), depth + 1));
                }
                yield new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                int n = random.nextInt(5);
                Map<String, Object> map = new HashMap<>();
                for (int i = 0; i < n; i++) {
                    map.put(string(), value(schema.getValueType(), depth + 1));
                }
                yield map;
            }
            case ENUM -> {
                List<String> symbols = schema.getEnumSymbols();
                yield new GenericData.EnumSymbol(
                        schema, symbols.get(random.nextInt(symbols.size())));
            }
            case STRING -> string();
            case BYTES -> {
                byte[] bytes = new byte[random.nextInt(12)];
                random.nextBytes(bytes);
                yield ByteBuffer.wrap(bytes);
            }
            case FIXED -> {
                byte[] bytes = new byte[schema.getFixedSize()];
                random.nextBytes(bytes);
                yield new GenericData.Fixed(schema, bytes);
            }
            case INT -> random.nextInt(3) == 0 ? random.nextInt() : random.nextInt(100);
            case LONG ->
                    random.nextInt(3) == 0
                            ? random.nextLong()
                            : 1_700_000_000_000L + random.nextInt(1_000_000_000);
            case FLOAT -> (float) random.nextGaussian();
            case DOUBLE -> random.nextGaussian() * 1e3;
            case BOOLEAN -> random.nextBoolean();
            case NULL -> null;
        };
    }

    private String string() {
        int n = random.nextInt(10);
        StringBuilder s = new StringBuilder();
        int[] codePoints = ALPHABET.codePoints().toArray();
        for (int i = 0; i < n; i++) {
            s.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return s.toString();
    }
}
