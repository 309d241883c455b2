package io.protoflow.core.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The framing shared by the small state codecs of model-core (drift detectors, alert latches): four
 * magic bytes, an int format version, the body, and a CRC-32 of everything before it, all
 * big-endian. {@link #write} frames a body; {@link #read} checks magic, version and checksum before
 * handing out a bounds-checked {@link Reader}, so corrupt input fails with a message that says what
 * is wrong ({@code "unknown drift state format version 7, this build reads up to 1"}) instead of
 * producing garbage.
 */
public final class StateBytes {

    private StateBytes() {}

    /** Writes the body of a state value. */
    public interface Body {
        /** Writes the fields; strings and maps with {@link #writeString} and {@link #writeMap}. */
        void writeTo(DataOutputStream out) throws IOException;
    }

    /** Frames a body with magic, version and checksum. */
    public static byte[] write(int magic, int version, Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(magic);
            out.writeInt(version);
            body.writeTo(out);
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: in-memory stream failed", e);
        }
    }

    /** Writes a string as an int byte length and UTF-8 bytes. */
    public static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** Writes an enum constant by name, so reordering constants does not change meaning. */
    public static void writeEnum(DataOutputStream out, Enum<?> value) throws IOException {
        writeString(out, value.name());
    }

    /** Writes a map of numbers as a count and (key, value) pairs in iteration order. */
    public static void writeMap(DataOutputStream out, Map<String, Double> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, Double> e : map.entrySet()) {
            writeString(out, e.getKey());
            out.writeDouble(e.getValue());
        }
    }

    /**
     * Opens framed bytes for reading after checking magic, version and checksum.
     *
     * @param what the name of the value for messages, e.g. {@code "drift state"}
     * @param maxVersion the newest format version this build reads
     * @throws IllegalArgumentException for null, short, foreign, corrupt or too new input
     */
    public static Reader read(byte[] bytes, int magic, String what, int maxVersion) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes is null");
        }
        if (bytes.length < 12) {
            throw new IllegalArgumentException(
                    what + " is truncated: " + bytes.length + " bytes, at least 12 needed");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int actualMagic = buf.getInt();
        if (actualMagic != magic) {
            throw new IllegalArgumentException(
                    "not a Protoflow "
                            + what
                            + ": magic bytes are 0x"
                            + Integer.toHexString(actualMagic)
                            + ", expected 0x"
                            + Integer.toHexString(magic));
        }
        int version = buf.getInt();
        if (version < 1 || version > maxVersion) {
            throw new IllegalArgumentException(
                    "unknown "
                            + what
                            + " format version "
                            + version
                            + ", this build reads up to "
                            + maxVersion);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IllegalArgumentException(
                    what
                            + " checksum mismatch: stored "
                            + String.format("0x%08X", stored)
                            + ", computed "
                            + String.format("0x%08X", (int) crc.getValue())
                            + " (corrupt data)");
        }
        return new Reader(ByteBuffer.wrap(bytes, 8, bytes.length - 12).slice(), what, version);
    }

    /** Bounds-checked reading of a body; every read names its field in errors. */
    public static final class Reader {
        private final ByteBuffer buf;
        private final String what;
        private final int version;

        private Reader(ByteBuffer buf, String what, int version) {
            this.buf = buf;
            this.what = what;
            this.version = version;
        }

        /** The format version of the input. */
        public int version() {
            return version;
        }

        private void need(long n, String field) {
            if (buf.remaining() < n) {
                throw new IllegalArgumentException(
                        what
                                + " is truncated or corrupt: reading "
                                + field
                                + " needs "
                                + n
                                + " bytes, "
                                + buf.remaining()
                                + " left");
            }
        }

        /** Reads an int. */
        public int i32(String field) {
            need(4, field);
            return buf.getInt();
        }

        /** Reads a long. */
        public long i64(String field) {
            need(8, field);
            return buf.getLong();
        }

        /** Reads a double. */
        public double f64(String field) {
            need(8, field);
            return buf.getDouble();
        }

        /** Reads a float. */
        public float f32(String field) {
            need(4, field);
            return buf.getFloat();
        }

        /** Reads a boolean written as one byte 0 or 1. */
        public boolean flag(String field) {
            need(1, field);
            byte b = buf.get();
            if (b != 0 && b != 1) {
                throw new IllegalArgumentException(
                        what + " is corrupt: " + field + " is " + b + ", expected 0 or 1");
            }
            return b == 1;
        }

        /**
         * Reads a non-negative count and checks that the rest of the input can hold that many
         * elements of {@code minElementBytes} each, so a corrupt count fails before allocating.
         */
        public int count(String field, int minElementBytes) {
            int n = i32(field);
            if (n < 0 || (long) n * minElementBytes > buf.remaining()) {
                throw new IllegalArgumentException(
                        what
                                + " is corrupt or truncated: "
                                + field
                                + " is "
                                + n
                                + " but only "
                                + buf.remaining()
                                + " bytes follow");
            }
            return n;
        }

        /** Reads a string written by {@link #writeString}. */
        public String string(String field) {
            int length = count(field + " length", 1);
            byte[] utf8 = new byte[length];
            buf.get(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        /** Reads a byte array written as an int length and the bytes. */
        public byte[] bytes(String field) {
            byte[] out = new byte[count(field + " length", 1)];
            buf.get(out);
            return out;
        }

        /** Reads a map written by {@link #writeMap}, in its order. */
        public Map<String, Double> map(String field) {
            int n = count(field + " size", 12);
            Map<String, Double> map = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String key = string(field + "[" + i + "].key");
                double value = f64(field + "[" + i + "].value");
                if (map.put(key, value) != null) {
                    throw new IllegalArgumentException(
                            what + " is corrupt: " + field + " has duplicate key '" + key + "'");
                }
            }
            return map;
        }

        /** Reads an enum constant written by {@link #writeEnum} (its name). */
        public <E extends Enum<E>> E enumValue(String field, Class<E> type) {
            String name = string(field);
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
            throw new IllegalArgumentException(
                    what
                            + " is corrupt or newer: "
                            + field
                            + " is '"
                            + name
                            + "', this build knows "
                            + java.util.Arrays.toString(type.getEnumConstants()));
        }

        /** Checks that the body was read completely. */
        public void finish() {
            if (buf.hasRemaining()) {
                throw new IllegalArgumentException(
                        what + " has " + buf.remaining() + " unexpected bytes after its content");
            }
        }
    }
}
