package io.protoflow.core.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Binary encoding of {@link ModelSnapshot} and {@link LearnerState} values: compact, deterministic
 * and versioned, for files, Kafka topics and Flink state alike.
 *
 * <p>Format versions 1 to 3, all numbers big-endian ({@link DataOutputStream}):
 *
 * <pre>
 * magic        4 bytes  "PFMS" (model snapshot) or "PFLS" (learner state)
 * version      int      format version, 1, 2 or 3
 * -- model snapshot only --
 * modelId      string
 * version      long
 * parentVersion long
 * createdAtMillis long
 * job          string
 * recordsSeen  long
 * configDigest string
 * -- learner state --
 * learnerType  string
 * dimension    int
 * paramCount   int, then paramCount x (key string, value string)
 * classCount   int, then per class:
 *   label      string
 *   count      long
 *   protoCount int, then per prototype: weight double, length int, length x double
 * -- format version 2 only --
 * hasCovariance byte   0 or 1, then if 1:
 *   dimension  int
 *   count      long
 *   shrinkage  double
 *   length     int (d(d+1)/2), then length x double (upper triangle, row by row)
 * hasFeatureMap byte   0 or 1, then if 1:
 *   type       string
 *   inputDimension int
 *   outputDimension int
 *   seed       long
 *   paramCount int, then paramCount x (key string, value string)
 * -- format version 3, model snapshot only --
 * thresholdCount int, then per OOD threshold:
 *   scorer     string
 *   targetFlagRate double
 *   value      double
 *   sketchLength int, then sketchLength bytes
 * -- trailer --
 * crc32        int      CRC-32 of all preceding bytes
 * </pre>
 *
 * A string is an int byte length followed by that many UTF-8 bytes. Decoding fails with an {@link
 * IllegalArgumentException} on wrong magic, an unknown format version ({@code "unknown snapshot
 * format version 7, this build reads up to 3"}), truncation, trailing bytes, a checksum mismatch or
 * content the value records reject.
 *
 * <p>The encoder writes the oldest version that can hold the value: version 1 when the learner
 * state has neither covariance nor feature map (so builds that read only version 1 still read those
 * snapshots, and the version-1 golden bytes are reproduced exactly), version 2 otherwise, and
 * version 3 for a model snapshot with OOD thresholds. A learner state is never written as version 3
 * (its layout did not change); version 3 learner-state bytes are read like version 2.
 */
public final class SnapshotCodec {

    /** The newest format version this build reads and writes (see the class doc for which). */
    public static final int FORMAT_VERSION = 3;

    private static final int MODEL_MAGIC = 0x50464D53; // "PFMS"
    private static final int LEARNER_MAGIC = 0x50464C53; // "PFLS"

    private SnapshotCodec() {}

    /** Encodes a model snapshot in the current format. */
    public static byte[] encode(ModelSnapshot snapshot) {
        if (snapshot == null) {
            throw new IllegalArgumentException("snapshot is null");
        }
        int version = versionFor(snapshot);
        return write(
                MODEL_MAGIC,
                version,
                out -> {
                    writeString(out, snapshot.modelId());
                    out.writeLong(snapshot.version());
                    out.writeLong(snapshot.parentVersion());
                    out.writeLong(snapshot.createdAtMillis());
                    writeString(out, snapshot.provenance().job());
                    out.writeLong(snapshot.provenance().recordsSeen());
                    writeString(out, snapshot.provenance().configDigest());
                    writeLearner(out, snapshot.learner(), version);
                    if (version >= 3) {
                        writeThresholds(out, snapshot.oodThresholds());
                    }
                });
    }

    /**
     * Decodes a model snapshot written by {@link #encode} in any format version up to {@link
     * #FORMAT_VERSION}.
     *
     * @throws IllegalArgumentException if the bytes are not a valid model snapshot
     */
    public static ModelSnapshot decode(byte[] bytes) {
        Reader in = open(bytes, MODEL_MAGIC, "model snapshot");
        try {
            String modelId = in.string("modelId");
            long version = in.i64("version");
            long parentVersion = in.i64("parentVersion");
            long createdAtMillis = in.i64("createdAtMillis");
            String job = in.string("provenance.job");
            long recordsSeen = in.i64("provenance.recordsSeen");
            String configDigest = in.string("provenance.configDigest");
            LearnerState learner = readLearner(in);
            List<OodThresholdState> thresholds = in.version >= 3 ? readThresholds(in) : List.of();
            in.finish();
            return new ModelSnapshot(
                    modelId,
                    version,
                    parentVersion,
                    createdAtMillis,
                    new Provenance(job, recordsSeen, configDigest),
                    learner,
                    thresholds);
        } catch (CorruptException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            in.requireIntactTrailer();
            throw new IllegalArgumentException("model snapshot is invalid: " + e.getMessage(), e);
        }
    }

    /** Encodes a learner state in the current format. */
    public static byte[] encodeLearnerState(LearnerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        int version = versionFor(state);
        return write(LEARNER_MAGIC, version, out -> writeLearner(out, state, version));
    }

    /**
     * Decodes a learner state written by {@link #encodeLearnerState}.
     *
     * @throws IllegalArgumentException if the bytes are not a valid learner state
     */
    public static LearnerState decodeLearnerState(byte[] bytes) {
        Reader in = open(bytes, LEARNER_MAGIC, "learner state");
        try {
            LearnerState state = readLearner(in);
            in.finish();
            return state;
        } catch (CorruptException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            in.requireIntactTrailer();
            throw new IllegalArgumentException("learner state is invalid: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writing

    private interface Body {
        void writeTo(DataOutputStream out) throws IOException;
    }

    private static int versionFor(LearnerState state) {
        return state.needsFormatVersion2() ? 2 : 1;
    }

    private static int versionFor(ModelSnapshot snapshot) {
        return snapshot.oodThresholds().isEmpty() ? versionFor(snapshot.learner()) : 3;
    }

    private static void writeThresholds(DataOutputStream out, List<OodThresholdState> thresholds)
            throws IOException {
        out.writeInt(thresholds.size());
        for (OodThresholdState t : thresholds) {
            writeString(out, t.scorer());
            out.writeDouble(t.targetFlagRate());
            out.writeDouble(t.value());
            byte[] sketch = t.sketch();
            out.writeInt(sketch.length);
            out.write(sketch);
        }
    }

    private static byte[] write(int magic, int version, Body body) {
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

    private static void writeLearner(DataOutputStream out, LearnerState s, int version)
            throws IOException {
        writeString(out, s.learnerType());
        out.writeInt(s.dimension());
        out.writeInt(s.params().size());
        for (Map.Entry<String, String> e : s.params().entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        out.writeInt(s.classes().size());
        for (ClassState c : s.classes()) {
            writeString(out, c.label());
            out.writeLong(c.count());
            out.writeInt(c.prototypes().size());
            for (PrototypeState p : c.prototypes()) {
                out.writeDouble(p.weight());
                out.writeInt(p.dimension());
                for (int i = 0; i < p.dimension(); i++) {
                    out.writeDouble(p.mean(i));
                }
            }
        }
        if (version < 2) {
            return;
        }
        CovarianceState cov = s.covariance();
        out.writeByte(cov == null ? 0 : 1);
        if (cov != null) {
            out.writeInt(cov.dimension());
            out.writeLong(cov.count());
            out.writeDouble(cov.shrinkage());
            int length = (int) CovarianceState.packedLength(cov.dimension());
            out.writeInt(length);
            for (int i = 0; i < length; i++) {
                out.writeDouble(cov.packedUpper(i));
            }
        }
        FeatureMapState map = s.featureMap();
        out.writeByte(map == null ? 0 : 1);
        if (map != null) {
            writeString(out, map.type());
            out.writeInt(map.inputDimension());
            out.writeInt(map.outputDimension());
            out.writeLong(map.seed());
            out.writeInt(map.params().size());
            for (Map.Entry<String, String> e : map.params().entrySet()) {
                writeString(out, e.getKey());
                writeString(out, e.getValue());
            }
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    // ---------------------------------------------------------------- reading

    private static Reader open(byte[] bytes, int expectedMagic, String what) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes is null");
        }
        Reader in = new Reader(bytes, what);
        int magic = in.i32("magic");
        if (magic != expectedMagic) {
            String hint =
                    magic == MODEL_MAGIC
                            ? " (these bytes are a model snapshot: use decode)"
                            : magic == LEARNER_MAGIC
                                    ? " (these bytes are a learner state: use decodeLearnerState)"
                                    : "";
            throw new CorruptException(
                    "not a Protoflow "
                            + what
                            + ": magic bytes are "
                            + magicText(magic)
                            + ", expected "
                            + magicText(expectedMagic)
                            + hint);
        }
        int version = in.i32("format version");
        in.version = version;
        if (version < 1 || version > FORMAT_VERSION) {
            throw new CorruptException(
                    "unknown snapshot format version "
                            + version
                            + ", this build reads up to "
                            + FORMAT_VERSION);
        }
        return in;
    }

    private static LearnerState readLearner(Reader in) {
        String type = in.string("learnerType");
        int dimension = in.i32("dimension");
        int paramCount = in.count("paramCount", 8);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < paramCount; i++) {
            String key = in.string("params[" + i + "].key");
            String value = in.string("params[" + i + "].value");
            if (params.put(key, value) != null) {
                throw new IllegalArgumentException("params has duplicate key '" + key + "'");
            }
        }
        int classCount = in.count("classCount", 16);
        List<ClassState> classes = new ArrayList<>(classCount);
        for (int c = 0; c < classCount; c++) {
            String label = in.string("classes[" + c + "].label");
            long count = in.i64("classes[" + c + "].count");
            int protoCount = in.count("classes[" + c + "].prototypeCount", 12);
            List<PrototypeState> prototypes = new ArrayList<>(protoCount);
            for (int p = 0; p < protoCount; p++) {
                String field = "classes[" + c + "].prototypes[" + p + "]";
                double weight = in.f64(field + ".weight");
                int length = in.count(field + ".length", 8);
                double[] mean = new double[length];
                for (int i = 0; i < length; i++) {
                    mean[i] = in.f64(field + ".mean[" + i + "]");
                }
                prototypes.add(new PrototypeState(weight, mean));
            }
            classes.add(new ClassState(label, count, prototypes));
        }
        if (in.version < 2) {
            return new LearnerState(type, dimension, params, classes);
        }
        CovarianceState covariance = null;
        if (in.flag("hasCovariance")) {
            int d = in.i32("covariance.dimension");
            long n = in.i64("covariance.count");
            double shrinkage = in.f64("covariance.shrinkage");
            int length = in.count("covariance.length", 8);
            double[] packed = new double[length];
            for (int i = 0; i < length; i++) {
                packed[i] = in.f64("covariance.packedUpper[" + i + "]");
            }
            covariance = new CovarianceState(d, n, shrinkage, packed);
        }
        FeatureMapState featureMap = null;
        if (in.flag("hasFeatureMap")) {
            String mapType = in.string("featureMap.type");
            int inputDimension = in.i32("featureMap.inputDimension");
            int outputDimension = in.i32("featureMap.outputDimension");
            long seed = in.i64("featureMap.seed");
            int mapParamCount = in.count("featureMap.paramCount", 8);
            Map<String, String> mapParams = new LinkedHashMap<>();
            for (int i = 0; i < mapParamCount; i++) {
                String key = in.string("featureMap.params[" + i + "].key");
                String value = in.string("featureMap.params[" + i + "].value");
                if (mapParams.put(key, value) != null) {
                    throw new IllegalArgumentException(
                            "featureMap.params has duplicate key '" + key + "'");
                }
            }
            featureMap =
                    new FeatureMapState(mapType, inputDimension, outputDimension, seed, mapParams);
        }
        return new LearnerState(type, dimension, params, classes, covariance, featureMap);
    }

    private static List<OodThresholdState> readThresholds(Reader in) {
        int count = in.count("thresholdCount", 24);
        List<OodThresholdState> thresholds = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String field = "oodThresholds[" + i + "]";
            String scorer = in.string(field + ".scorer");
            double rate = in.f64(field + ".targetFlagRate");
            double value = in.f64(field + ".value");
            byte[] sketch = in.bytes(field + ".sketch");
            thresholds.add(new OodThresholdState(scorer, rate, value, sketch));
        }
        return thresholds;
    }

    private static String magicText(int magic) {
        StringBuilder ascii = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            int b = (magic >>> shift) & 0xFF;
            ascii.append(b >= 0x20 && b < 0x7F ? (char) b : '?');
        }
        return String.format("0x%08X ('%s')", magic, ascii);
    }

    /** Structural decoding failure, passed through without re-wrapping. */
    private static final class CorruptException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        CorruptException(String message) {
            super(message);
        }
    }

    /** Bounds-checked big-endian reader that names the field it was reading when input ends. */
    private static final class Reader {
        private final ByteBuffer buf;
        private final String what;
        int version;

        Reader(byte[] bytes, String what) {
            this.buf = ByteBuffer.wrap(bytes);
            this.what = what;
        }

        private void need(int n, String field) {
            if (buf.remaining() < n) {
                throw new CorruptException(
                        what
                                + " is truncated: "
                                + buf.capacity()
                                + " bytes, ended at offset "
                                + buf.position()
                                + " while reading "
                                + field
                                + " ("
                                + n
                                + " bytes needed, "
                                + buf.remaining()
                                + " left)");
            }
        }

        int i32(String field) {
            need(4, field);
            return buf.getInt();
        }

        boolean flag(String field) {
            need(1, field);
            byte b = buf.get();
            if (b != 0 && b != 1) {
                throw new CorruptException(
                        what
                                + " is corrupt: "
                                + field
                                + " is "
                                + b
                                + " at offset "
                                + (buf.position() - 1)
                                + ", expected 0 or 1");
            }
            return b == 1;
        }

        long i64(String field) {
            need(8, field);
            return buf.getLong();
        }

        double f64(String field) {
            need(8, field);
            return buf.getDouble();
        }

        /**
         * Reads a non-negative element count and checks that the remaining input can hold that many
         * elements of at least {@code minElementBytes}, so corrupt counts fail fast instead of
         * allocating.
         */
        int count(String field, int minElementBytes) {
            int n = i32(field);
            if (n < 0 || (long) n * minElementBytes > buf.remaining()) {
                throw new CorruptException(
                        what
                                + " is corrupt or truncated: "
                                + field
                                + " is "
                                + n
                                + " at offset "
                                + (buf.position() - 4)
                                + ", but only "
                                + buf.remaining()
                                + " bytes follow");
            }
            return n;
        }

        String string(String field) {
            return new String(bytes(field), StandardCharsets.UTF_8);
        }

        byte[] bytes(String field) {
            int length = count(field + " length", 1);
            byte[] out = new byte[length];
            buf.get(out);
            return out;
        }

        /**
         * After a content error: if the last four bytes are not the CRC-32 of the rest, the input
         * is corrupt rather than validly encoded but invalid, and that is what to report.
         */
        void requireIntactTrailer() {
            byte[] a = buf.array();
            if (a.length < 12) {
                return;
            }
            CRC32 crc = new CRC32();
            crc.update(a, 0, a.length - 4);
            int stored = ByteBuffer.wrap(a, a.length - 4, 4).getInt();
            if (stored != (int) crc.getValue()) {
                throw new CorruptException(
                        what
                                + " checksum mismatch: stored "
                                + String.format("0x%08X", stored)
                                + ", computed "
                                + String.format("0x%08X", (int) crc.getValue())
                                + " (corrupt data)");
            }
        }

        /** Checks the CRC-32 trailer and that nothing follows it. */
        void finish() {
            int end = buf.position();
            int stored = i32("checksum");
            if (buf.hasRemaining()) {
                throw new CorruptException(
                        what
                                + " has "
                                + buf.remaining()
                                + " unexpected trailing bytes after the checksum at offset "
                                + end);
            }
            CRC32 crc = new CRC32();
            crc.update(buf.array(), 0, end);
            int computed = (int) crc.getValue();
            if (stored != computed) {
                throw new CorruptException(
                        what
                                + " checksum mismatch: stored "
                                + String.format("0x%08X", stored)
                                + ", computed "
                                + String.format("0x%08X", computed)
                                + " (corrupt data)");
            }
        }
    }
}
