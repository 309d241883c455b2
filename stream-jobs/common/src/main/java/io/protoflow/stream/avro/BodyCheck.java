package io.protoflow.stream.avro;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body against its writer schema without materialising anything, checking
 * every varint, union branch, enum index and declared length against the bytes that are really
 * there. Decoding only runs on bodies that pass, so a corrupt length can never make the decoder
 * allocate gigabytes, and the error names the field and byte offset at fault.
 *
 * <p>Array and map blocks must fit in the bytes left counting at least one byte per item, so an
 * array of more {@code null}s than there are bytes left is rejected; no Protoflow schema has one.
 */
final class BodyCheck {

    /** A body that does not match its schema. */
    static final class CorruptBody extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptBody(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] bytes;
    private final int end;
    private final Deque<String> path = new ArrayDeque<>();
    private int pos;

    private BodyCheck(byte[] bytes, int offset) {
        this.bytes = bytes;
        this.pos = offset;
        this.end = bytes.length;
    }

    /**
     * Checks that {@code bytes[offset..]} is exactly one datum of {@code schema}.
     *
     * @throws CorruptBody naming the problem, the field path and the byte offset
     */
    static void check(Schema schema, byte[] bytes, int offset) throws CorruptBody {
        BodyCheck check = new BodyCheck(bytes, offset);
        check.path.addLast(schema.getName());
        check.datum(schema);
        if (check.pos != check.end) {
            throw new CorruptBody(
                    (check.end - check.pos)
                            + " trailing bytes after the body (it ends at byte "
                            + check.pos
                            + " of "
                            + check.end
                            + ")");
        }
    }

    private void datum(Schema schema) throws CorruptBody {
        switch (schema.getType()) {
            case NULL -> {}
            case BOOLEAN -> {
                int b = take(1);
                if (bytes[b] != 0 && bytes[b] != 1) {
                    throw corrupt("boolean byte " + bytes[b] + " is neither 0 nor 1", b);
                }
            }
            case INT -> varint(5);
            case LONG -> varint(10);
            case FLOAT -> take(4);
            case DOUBLE -> take(8);
            case STRING, BYTES -> take(length("length"));
            case FIXED -> take(schema.getFixedSize());
            case ENUM -> {
                int at = pos;
                long index = varint(5);
                if (index < 0 || index >= schema.getEnumSymbols().size()) {
                    throw corrupt(
                            "enum index "
                                    + index
                                    + " out of range for "
                                    + schema.getFullName()
                                    + " ("
                                    + schema.getEnumSymbols().size()
                                    + " symbols)",
                            at);
                }
            }
            case UNION -> {
                int at = pos;
                long branch = varint(5);
                if (branch < 0 || branch >= schema.getTypes().size()) {
                    throw corrupt(
                            "union branch "
                                    + branch
                                    + " out of range (the union has "
                                    + schema.getTypes().size()
                                    + " branches)",
                            at);
                }
                datum(schema.getTypes().get((int) branch));
            }
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    path.addLast(field.name());
                    datum(field.schema());
                    path.removeLast();
                }
            }
            case ARRAY -> blocks(schema.getElementType(), false);
            case MAP -> blocks(schema.getValueType(), true);
        }
    }

    /** Array and map items come in blocks: count, [byte size if count < 0], items; 0 ends. */
    private void blocks(Schema item, boolean map) throws CorruptBody {
        int minItemBytes = minBytes(item) + (map ? 1 : 0);
        while (true) {
            int at = pos;
            long count = varint(10);
            if (count == 0) {
                return;
            }
            if (count < 0) {
                if (count == Long.MIN_VALUE) {
                    throw corrupt("block count " + count + " is invalid", at);
                }
                count = -count;
                long size = varint(10);
                if (size < 0 || size > end - pos) {
                    throw corrupt(
                            "block size " + size + " exceeds the " + (end - pos) + " bytes left",
                            at);
                }
            }
            if (count > Integer.MAX_VALUE || count * Math.max(minItemBytes, 1) > end - pos) {
                throw corrupt(
                        (map ? "map" : "array")
                                + " block of "
                                + count
                                + " items cannot fit in the "
                                + (end - pos)
                                + " bytes left",
                        at);
            }
            for (long i = 0; i < count; i++) {
                path.addLast("[" + i + "]");
                if (map) {
                    take(length("key length"));
                }
                datum(item);
                path.removeLast();
            }
        }
    }

    /** Fewest bytes one datum of {@code schema} can take. */
    private static int minBytes(Schema schema) {
        return minBytes(schema, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static int minBytes(Schema schema, Set<Schema> open) {
        return switch (schema.getType()) {
            case NULL -> 0;
            case BOOLEAN, INT, LONG, STRING, BYTES, ENUM, UNION, ARRAY, MAP -> 1;
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case FIXED -> schema.getFixedSize();
            case RECORD -> {
                if (!open.add(schema)) {
                    yield 0; // recursive type: count it as free, the check stays sound
                }
                int sum = 0;
                for (Schema.Field field : schema.getFields()) {
                    sum += minBytes(field.schema(), open);
                }
                open.remove(schema);
                yield sum;
            }
        };
    }

    private int length(String what) throws CorruptBody {
        int at = pos;
        long length = varint(10);
        if (length < 0) {
            throw corrupt(what + " " + length + " is negative", at);
        }
        if (length > end - pos) {
            throw corrupt(what + " " + length + " exceeds the " + (end - pos) + " bytes left", at);
        }
        return (int) length;
    }

    /** Reads a zig-zag varint of at most {@code maxBytes} bytes and returns its value. */
    private long varint(int maxBytes) throws CorruptBody {
        int at = pos;
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= end) {
                throw corrupt("truncated: the body ends inside a number", at);
            }
            int b = bytes[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw corrupt("number longer than " + maxBytes + " bytes", at);
    }

    /** Skips {@code n} bytes and returns the offset of the first. */
    private int take(int n) throws CorruptBody {
        if (n > end - pos) {
            throw corrupt("truncated: needs " + n + " bytes, " + (end - pos) + " left", pos);
        }
        int at = pos;
        pos += n;
        return at;
    }

    private CorruptBody corrupt(String what, int at) {
        StringBuilder field = new StringBuilder();
        for (String part : path) {
            if (!field.isEmpty() && !part.startsWith("[")) {
                field.append('.');
            }
            field.append(part);
        }
        return new CorruptBody(what + " at byte " + at + " (" + field + ")");
    }
}
