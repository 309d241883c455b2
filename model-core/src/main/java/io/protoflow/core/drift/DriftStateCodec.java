package io.protoflow.core.drift;

import io.protoflow.core.snapshot.StateBytes;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Versioned binary encoding of detector states, for Flink keyed state ({@code ValueState<byte[]>})
 * and files: {@link StateBytes} framing with magic {@code "PFDS"}, then the detector type, its
 * counters, configuration, statistics and evidence. Decoding validates everything through the state
 * records, and fails on wrong magic, corruption or an unknown version ({@code "unknown drift state
 * format version 3, this build reads up to 2"}).
 *
 * <p>Format version 2 (big-endian; string = int length + UTF-8; enum = its name as a string):
 *
 * <pre>
 * type string, count long, drifts long, lastState enum, then by type:
 * adwin        delta, warningDelta double; checkEvery, maxBucketsPerRow, minSubWindow,
 *              lengthDiscount int; direction enum; width long; total, variance double;
 *              rows int + rows x int; buckets int + buckets x (sum double, variance double)
 * ddm          minInstances int; warningLevel, driftLevel double;
 *              n long; errorRate, minErrorRate, minStd double
 * page-hinkley delta, lambda, alpha double; minInstances int; warningLambda double;
 *              direction enum; n long; mean, sumUp, sumDown double
 * kswin        alpha double; windowSize, statSize int; warningAlpha double; direction enum;
 *              seed long; values int + values x double; randomState long
 * mmd          dimension, referenceSize, windowSize, testEvery int; bandwidth double;
 *              calibration enum; calibrationSamples int; alpha, warningAlpha double;
 *              rereference byte; seed long; reference int + rows x dimension x float;
 *              window int + rows x dimension x float; bandwidth double;
 *              nullStatistics int + n x double; sinceTest int; randomState long
 * evidence     int + entries x (key string, value double)
 * </pre>
 *
 * <p>Version 1 is version 2 without ADWIN's {@code lengthDiscount}; it reads as 0 (the exact bound
 * those states were built with), so a restored version-1 detector goes on exactly as before.
 */
public final class DriftStateCodec {

    /** The newest format version this build reads and writes. */
    public static final int FORMAT_VERSION = 2;

    private static final int MAGIC = 0x50464453; // "PFDS"
    private static final String WHAT = "drift state";

    private DriftStateCodec() {}

    /** Encodes the state of a scalar detector. */
    public static byte[] encode(ScalarDetectorState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        return StateBytes.write(
                MAGIC,
                FORMAT_VERSION,
                out -> {
                    switch (state) {
                        case AdwinState s -> writeAdwin(out, s);
                        case DdmState s -> writeDdm(out, s);
                        case PageHinkleyState s -> writePageHinkley(out, s);
                        case KswinState s -> writeKswin(out, s);
                    }
                });
    }

    /** Encodes the state of an embedding drift detector. */
    public static byte[] encode(MmdState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        return StateBytes.write(MAGIC, FORMAT_VERSION, out -> writeMmd(out, state));
    }

    /**
     * Decodes the state of a scalar detector.
     *
     * @throws IllegalArgumentException if the bytes are not a valid scalar detector state
     */
    public static ScalarDetectorState decodeScalar(byte[] bytes) {
        StateBytes.Reader in = StateBytes.read(bytes, MAGIC, WHAT, FORMAT_VERSION);
        String type = in.string("type");
        try {
            ScalarDetectorState state =
                    switch (type) {
                        case AdwinDetector.TYPE -> readAdwin(in);
                        case DdmDetector.TYPE -> readDdm(in);
                        case PageHinkleyDetector.TYPE -> readPageHinkley(in);
                        case KswinDetector.TYPE -> readKswin(in);
                        case MmdDriftDetector.TYPE ->
                                throw new IllegalArgumentException(
                                        "these bytes hold an mmd state: use decodeMmd");
                        default ->
                                throw new IllegalArgumentException(
                                        "unknown detector type '"
                                                + type
                                                + "', this build knows "
                                                + DriftDetectors.KNOWN_TYPES);
                    };
            in.finish();
            return state;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(WHAT + " is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes the state of an embedding drift detector.
     *
     * @throws IllegalArgumentException if the bytes are not a valid {@code mmd} state
     */
    public static MmdState decodeMmd(byte[] bytes) {
        StateBytes.Reader in = StateBytes.read(bytes, MAGIC, WHAT, FORMAT_VERSION);
        String type = in.string("type");
        try {
            if (!MmdDriftDetector.TYPE.equals(type)) {
                throw new IllegalArgumentException(
                        "these bytes hold a '" + type + "' state, not mmd: use decodeScalar");
            }
            MmdState state = readMmd(in);
            in.finish();
            return state;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(WHAT + " is invalid: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- per type

    private static void writeHeader(
            DataOutputStream out, String type, long count, long drifts, DriftState last)
            throws IOException {
        StateBytes.writeString(out, type);
        out.writeLong(count);
        out.writeLong(drifts);
        StateBytes.writeEnum(out, last);
    }

    private static void writeAdwin(DataOutputStream out, AdwinState s) throws IOException {
        writeHeader(out, s.type(), s.count(), s.drifts(), s.lastState());
        AdwinConfig c = s.config();
        out.writeDouble(c.delta());
        out.writeDouble(c.warningDelta());
        out.writeInt(c.checkEvery());
        out.writeInt(c.maxBucketsPerRow());
        out.writeInt(c.minSubWindow());
        out.writeInt(c.lengthDiscount());
        StateBytes.writeEnum(out, c.direction());
        out.writeLong(s.width());
        out.writeDouble(s.total());
        out.writeDouble(s.variance());
        int[] rows = s.rowSizes();
        out.writeInt(rows.length);
        for (int r : rows) {
            out.writeInt(r);
        }
        double[] sums = s.bucketSums();
        double[] vars = s.bucketVariances();
        out.writeInt(sums.length);
        for (int i = 0; i < sums.length; i++) {
            out.writeDouble(sums[i]);
            out.writeDouble(vars[i]);
        }
        StateBytes.writeMap(out, s.evidence());
    }

    private static AdwinState readAdwin(StateBytes.Reader in) {
        long count = in.i64("count");
        long drifts = in.i64("drifts");
        DriftState last = in.enumValue("lastState", DriftState.class);
        AdwinConfig config =
                new AdwinConfig(
                        in.f64("delta"),
                        in.f64("warningDelta"),
                        in.i32("checkEvery"),
                        in.i32("maxBucketsPerRow"),
                        in.i32("minSubWindow"),
                        in.version() >= 2 ? in.i32("lengthDiscount") : 0,
                        in.enumValue("direction", ChangeDirection.class));
        long width = in.i64("width");
        double total = in.f64("total");
        double variance = in.f64("variance");
        int[] rows = new int[in.count("rows", 4)];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = in.i32("rowSizes[" + i + "]");
        }
        int buckets = in.count("buckets", 16);
        double[] sums = new double[buckets];
        double[] vars = new double[buckets];
        for (int i = 0; i < buckets; i++) {
            sums[i] = in.f64("bucketSums[" + i + "]");
            vars[i] = in.f64("bucketVariances[" + i + "]");
        }
        return new AdwinState(
                config,
                count,
                drifts,
                last,
                width,
                total,
                variance,
                rows,
                sums,
                vars,
                in.map("evidence"));
    }

    private static void writeDdm(DataOutputStream out, DdmState s) throws IOException {
        writeHeader(out, s.type(), s.count(), s.drifts(), s.lastState());
        DdmConfig c = s.config();
        out.writeInt(c.minInstances());
        out.writeDouble(c.warningLevel());
        out.writeDouble(c.driftLevel());
        out.writeLong(s.n());
        out.writeDouble(s.errorRate());
        out.writeDouble(s.minErrorRate());
        out.writeDouble(s.minStd());
        StateBytes.writeMap(out, s.evidence());
    }

    private static DdmState readDdm(StateBytes.Reader in) {
        long count = in.i64("count");
        long drifts = in.i64("drifts");
        DriftState last = in.enumValue("lastState", DriftState.class);
        DdmConfig config =
                new DdmConfig(in.i32("minInstances"), in.f64("warningLevel"), in.f64("driftLevel"));
        return new DdmState(
                config,
                count,
                drifts,
                last,
                in.i64("n"),
                in.f64("errorRate"),
                in.f64("minErrorRate"),
                in.f64("minStd"),
                in.map("evidence"));
    }

    private static void writePageHinkley(DataOutputStream out, PageHinkleyState s)
            throws IOException {
        writeHeader(out, s.type(), s.count(), s.drifts(), s.lastState());
        PageHinkleyConfig c = s.config();
        out.writeDouble(c.delta());
        out.writeDouble(c.lambda());
        out.writeDouble(c.alpha());
        out.writeInt(c.minInstances());
        out.writeDouble(c.warningLambda());
        StateBytes.writeEnum(out, c.direction());
        out.writeLong(s.n());
        out.writeDouble(s.mean());
        out.writeDouble(s.sumUp());
        out.writeDouble(s.sumDown());
        StateBytes.writeMap(out, s.evidence());
    }

    private static PageHinkleyState readPageHinkley(StateBytes.Reader in) {
        long count = in.i64("count");
        long drifts = in.i64("drifts");
        DriftState last = in.enumValue("lastState", DriftState.class);
        PageHinkleyConfig config =
                new PageHinkleyConfig(
                        in.f64("delta"),
                        in.f64("lambda"),
                        in.f64("alpha"),
                        in.i32("minInstances"),
                        in.f64("warningLambda"),
                        in.enumValue("direction", ChangeDirection.class));
        return new PageHinkleyState(
                config,
                count,
                drifts,
                last,
                in.i64("n"),
                in.f64("mean"),
                in.f64("sumUp"),
                in.f64("sumDown"),
                in.map("evidence"));
    }

    private static void writeKswin(DataOutputStream out, KswinState s) throws IOException {
        writeHeader(out, s.type(), s.count(), s.drifts(), s.lastState());
        KswinConfig c = s.config();
        out.writeDouble(c.alpha());
        out.writeInt(c.windowSize());
        out.writeInt(c.statSize());
        out.writeDouble(c.warningAlpha());
        StateBytes.writeEnum(out, c.direction());
        out.writeLong(c.seed());
        double[] window = s.window();
        out.writeInt(window.length);
        for (double v : window) {
            out.writeDouble(v);
        }
        out.writeLong(s.randomState());
        StateBytes.writeMap(out, s.evidence());
    }

    private static KswinState readKswin(StateBytes.Reader in) {
        long count = in.i64("count");
        long drifts = in.i64("drifts");
        DriftState last = in.enumValue("lastState", DriftState.class);
        KswinConfig config =
                new KswinConfig(
                        in.f64("alpha"),
                        in.i32("windowSize"),
                        in.i32("statSize"),
                        in.f64("warningAlpha"),
                        in.enumValue("direction", ChangeDirection.class),
                        in.i64("seed"));
        double[] window = new double[in.count("window", 8)];
        for (int i = 0; i < window.length; i++) {
            window[i] = in.f64("window[" + i + "]");
        }
        return new KswinState(
                config, count, drifts, last, window, in.i64("randomState"), in.map("evidence"));
    }

    private static void writeMmd(DataOutputStream out, MmdState s) throws IOException {
        writeHeader(out, MmdDriftDetector.TYPE, s.count(), s.drifts(), s.lastState());
        MmdConfig c = s.config();
        out.writeInt(c.dimension());
        out.writeInt(c.referenceSize());
        out.writeInt(c.windowSize());
        out.writeInt(c.testEvery());
        out.writeDouble(c.bandwidth());
        StateBytes.writeEnum(out, c.calibration());
        out.writeInt(c.calibrationSamples());
        out.writeDouble(c.alpha());
        out.writeDouble(c.warningAlpha());
        out.writeByte(c.rereference() ? 1 : 0);
        out.writeLong(c.seed());
        writeRows(out, s.reference());
        writeRows(out, s.window());
        out.writeDouble(s.bandwidth());
        double[] nulls = s.nullStatistics();
        out.writeInt(nulls.length);
        for (double v : nulls) {
            out.writeDouble(v);
        }
        out.writeInt(s.sinceTest());
        out.writeLong(s.randomState());
        StateBytes.writeMap(out, s.evidence());
    }

    private static void writeRows(DataOutputStream out, float[][] rows) throws IOException {
        out.writeInt(rows.length);
        for (float[] row : rows) {
            for (float v : row) {
                out.writeFloat(v);
            }
        }
    }

    private static MmdState readMmd(StateBytes.Reader in) {
        long count = in.i64("count");
        long drifts = in.i64("drifts");
        DriftState last = in.enumValue("lastState", DriftState.class);
        MmdConfig config =
                new MmdConfig(
                        in.i32("dimension"),
                        in.i32("referenceSize"),
                        in.i32("windowSize"),
                        in.i32("testEvery"),
                        in.f64("bandwidth"),
                        in.enumValue("calibration", MmdConfig.Calibration.class),
                        in.i32("calibrationSamples"),
                        in.f64("alpha"),
                        in.f64("warningAlpha"),
                        in.flag("rereference"),
                        in.i64("seed"));
        float[][] reference = readRows(in, "reference", config.dimension());
        float[][] window = readRows(in, "window", config.dimension());
        double bandwidth = in.f64("bandwidth");
        double[] nulls = new double[in.count("nullStatistics", 8)];
        for (int i = 0; i < nulls.length; i++) {
            nulls[i] = in.f64("nullStatistics[" + i + "]");
        }
        return new MmdState(
                config,
                count,
                drifts,
                last,
                reference,
                window,
                bandwidth,
                nulls,
                in.i32("sinceTest"),
                in.i64("randomState"),
                in.map("evidence"));
    }

    private static float[][] readRows(StateBytes.Reader in, String field, int dimension) {
        float[][] rows = new float[in.count(field, 4 * dimension)][dimension];
        for (int i = 0; i < rows.length; i++) {
            for (int k = 0; k < dimension; k++) {
                rows[i][k] = in.f32(field + "[" + i + "][" + k + "]");
            }
        }
        return rows;
    }
}
