package io.protoflow.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Deterministic sample records for the golden files: every field holds a value that differs from
 * its default (enums avoid their default symbol), every union takes its first non-null branch and
 * every array or map has entries, so a golden exercises the whole schema.
 */
final class GoldenSamples {

    /** 2026-11-03T10:15:30.123Z: timestamps count up from here, one second per value. */
    static final long BASE_MILLIS = 1_793_700_930_123L;

    private GoldenSamples() {}

    /** A sample of {@code schema}; the same schema always gives the same record. */
    static GenericRecord sample(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("not a record schema: " + schema.getFullName());
        }
        return (GenericRecord) value(schema, schema.getName(), new int[] {0});
    }

    private static Object value(Schema schema, String name, int[] counter) {
        int n = ++counter[0];
        LogicalType logical = schema.getLogicalType();
        return switch (schema.getType()) {
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), value(field.schema(), field.name(), counter));
                }
                yield record;
            }
            case UNION -> {
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        yield value(branch, name, counter);
                    }
                }
                yield null;
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    items.add(value(schema.getElementType(), name, counter));
                }
                yield new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 1; i <= 2; i++) {
                    map.put(name + "-key-" + i, value(schema.getValueType(), name, counter));
                }
                yield map;
            }
            case ENUM -> {
                // Not the enum's default symbol: that is what unknown symbols are read as.
                List<String> symbols =
                        schema.getEnumSymbols().stream()
                                .filter(s -> !s.equals(schema.getEnumDefault()))
                                .toList();
                yield new GenericData.EnumSymbol(schema, symbols.get(n % symbols.size()));
            }
            case STRING -> name + "-" + n;
            case BYTES -> ByteBuffer.wrap((name + "-" + n).getBytes(StandardCharsets.UTF_8));
            case FIXED -> {
                byte[] bytes = new byte[schema.getFixedSize()];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (n + i);
                }
                yield new GenericData.Fixed(schema, bytes);
            }
            case INT -> 7 * n;
            case LONG ->
                    logical instanceof LogicalTypes.TimestampMillis
                            ? BASE_MILLIS + 1000L * n
                            : 1_000_003L * n;
            case FLOAT -> n + 0.25f;
            case DOUBLE -> -n - 0.125;
            case BOOLEAN -> true;
            case NULL -> null;
        };
    }

    /**
     * Paths of the fields of {@code record} left null or empty, recursively; empty for a record
     * that exercises its whole schema.
     */
    static List<String> unsetFields(GenericRecord record) {
        List<String> unset = new ArrayList<>();
        collectUnset(record.getSchema().getName(), record, unset);
        return unset;
    }

    private static void collectUnset(String path, Object value, List<String> unset) {
        if (value == null) {
            unset.add(path + " is null");
        } else if (value instanceof GenericRecord record) {
            for (Schema.Field field : record.getSchema().getFields()) {
                collectUnset(path + "." + field.name(), record.get(field.pos()), unset);
            }
        } else if (value instanceof Collection<?> items) {
            if (items.isEmpty()) {
                unset.add(path + " is empty");
            }
            int i = 0;
            for (Object item : items) {
                collectUnset(path + "[" + i++ + "]", item, unset);
            }
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                unset.add(path + " is empty");
            }
            map.forEach((k, v) -> collectUnset(path + "[" + k + "]", v, unset));
        }
    }
}
