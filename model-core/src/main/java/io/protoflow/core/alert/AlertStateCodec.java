package io.protoflow.core.alert;

import io.protoflow.core.drift.DriftStateCodec;
import io.protoflow.core.drift.ScalarDetectorState;
import io.protoflow.core.snapshot.StateBytes;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned binary encoding of alert states for Flink keyed state and files: {@link StateBytes}
 * framing with magic {@code "PFAS"}, then a kind string ({@code latch}, {@code tracker}, {@code
 * ood-rate}, {@code drift-monitor}) and the fields. A drift monitor embeds its detector as the
 * bytes of {@link DriftStateCodec}, which carry their own version. Decoding fails on wrong magic,
 * corruption, a kind other than the one asked for or an unknown version ({@code "unknown alert
 * state format version 2, this build reads up to 1"}).
 *
 * <p>Format version 1 (big-endian; string = int length + UTF-8; enum = its name):
 *
 * <pre>
 * hysteresis   raiseAfter int, clearAfter long, clearAfterMillis long
 * latch        key (modelId string, type enum, detector string), hysteresis, raised byte,
 *              sequence long, consecutiveHolds int, runStartMillis long, consecutiveClear long,
 *              episodeStartMillis long, episodeChecks long, raisedAtMillis long,
 *              raisedSeverity enum, lastHoldMillis long
 * tracker      hysteresis, count int, count x latch
 * ood-rate     targetRate double, window int, factor, maxPValue, criticalFactor double,
 *              hysteresis, count long, n int, n x (flag byte, eventTime long), latch
 * drift-monitor detectorName string, streamName string, severity enum, hysteresis,
 *              detector (int length + DriftStateCodec bytes), latch, segmentStartMillis long,
 *              segmentRecords long
 * </pre>
 */
public final class AlertStateCodec {

    /** The newest format version this build reads and writes. */
    public static final int FORMAT_VERSION = 1;

    private static final int MAGIC = 0x50464153; // "PFAS"
    private static final String WHAT = "alert state";

    private AlertStateCodec() {}

    /** Encodes a latch state. */
    public static byte[] encode(AlertLatchState state) {
        require(state);
        return frame("latch", out -> writeLatch(out, state));
    }

    /** Encodes a tracker state. */
    public static byte[] encode(ConditionTrackerState state) {
        require(state);
        return frame(
                "tracker",
                out -> {
                    writeHysteresis(out, state.hysteresis());
                    out.writeInt(state.latches().size());
                    for (AlertLatchState l : state.latches()) {
                        writeLatch(out, l);
                    }
                });
    }

    /** Encodes an OOD-rate monitor state. */
    public static byte[] encode(OodRateMonitorState state) {
        require(state);
        return frame(
                "ood-rate",
                out -> {
                    OodRateConfig c = state.config();
                    out.writeDouble(c.targetRate());
                    out.writeInt(c.window());
                    out.writeDouble(c.factor());
                    out.writeDouble(c.maxPValue());
                    out.writeDouble(c.criticalFactor());
                    writeHysteresis(out, c.hysteresis());
                    out.writeLong(state.count());
                    boolean[] flags = state.flags();
                    long[] times = state.eventTimes();
                    out.writeInt(flags.length);
                    for (int i = 0; i < flags.length; i++) {
                        out.writeByte(flags[i] ? 1 : 0);
                        out.writeLong(times[i]);
                    }
                    writeLatch(out, state.latch());
                });
    }

    /** Encodes a drift alert monitor state, detector included. */
    public static byte[] encode(DriftAlertMonitorState state) {
        require(state);
        return frame(
                "drift-monitor",
                out -> {
                    DriftAlertConfig c = state.config();
                    StateBytes.writeString(out, c.detectorName());
                    StateBytes.writeString(out, c.streamName());
                    StateBytes.writeEnum(out, c.severity());
                    writeHysteresis(out, c.hysteresis());
                    byte[] detector = DriftStateCodec.encode(state.detector());
                    out.writeInt(detector.length);
                    out.write(detector);
                    writeLatch(out, state.latch());
                    out.writeLong(state.segmentStartMillis());
                    out.writeLong(state.segmentRecords());
                });
    }

    /** Decodes a latch state. */
    public static AlertLatchState decodeLatch(byte[] bytes) {
        StateBytes.Reader in = open(bytes, "latch");
        try {
            AlertLatchState s = readLatch(in);
            in.finish();
            return s;
        } catch (IllegalArgumentException e) {
            throw invalid(e);
        }
    }

    /** Decodes a tracker state. */
    public static ConditionTrackerState decodeTracker(byte[] bytes) {
        StateBytes.Reader in = open(bytes, "tracker");
        try {
            HysteresisConfig h = readHysteresis(in);
            int n = in.count("latches", 40);
            List<AlertLatchState> latches = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                latches.add(readLatch(in));
            }
            in.finish();
            return new ConditionTrackerState(h, latches);
        } catch (IllegalArgumentException e) {
            throw invalid(e);
        }
    }

    /** Decodes an OOD-rate monitor state. */
    public static OodRateMonitorState decodeOodRate(byte[] bytes) {
        StateBytes.Reader in = open(bytes, "ood-rate");
        try {
            OodRateConfig c =
                    new OodRateConfig(
                            in.f64("targetRate"),
                            in.i32("window"),
                            in.f64("factor"),
                            in.f64("maxPValue"),
                            in.f64("criticalFactor"),
                            readHysteresis(in));
            long count = in.i64("count");
            int n = in.count("flags", 9);
            boolean[] flags = new boolean[n];
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                flags[i] = in.flag("flags[" + i + "]");
                times[i] = in.i64("eventTimes[" + i + "]");
            }
            AlertLatchState latch = readLatch(in);
            in.finish();
            return new OodRateMonitorState(c, count, flags, times, latch);
        } catch (IllegalArgumentException e) {
            throw invalid(e);
        }
    }

    /** Decodes a drift alert monitor state. */
    public static DriftAlertMonitorState decodeDriftMonitor(byte[] bytes) {
        StateBytes.Reader in = open(bytes, "drift-monitor");
        try {
            DriftAlertConfig c =
                    new DriftAlertConfig(
                            in.string("detectorName"),
                            in.string("streamName"),
                            in.enumValue("severity", AlertSeverity.class),
                            readHysteresis(in));
            byte[] detectorBytes = in.bytes("detector");
            ScalarDetectorState detector = DriftStateCodec.decodeScalar(detectorBytes);
            AlertLatchState latch = readLatch(in);
            long segmentStart = in.i64("segmentStartMillis");
            long segmentRecords = in.i64("segmentRecords");
            in.finish();
            return new DriftAlertMonitorState(c, detector, latch, segmentStart, segmentRecords);
        } catch (IllegalArgumentException e) {
            throw invalid(e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void require(Object state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
    }

    private static byte[] frame(String kind, StateBytes.Body body) {
        return StateBytes.write(
                MAGIC,
                FORMAT_VERSION,
                out -> {
                    StateBytes.writeString(out, kind);
                    body.writeTo(out);
                });
    }

    private static StateBytes.Reader open(byte[] bytes, String kind) {
        StateBytes.Reader in = StateBytes.read(bytes, MAGIC, WHAT, FORMAT_VERSION);
        String actual = in.string("kind");
        if (!actual.equals(kind)) {
            throw new IllegalArgumentException(
                    "these bytes hold a '" + actual + "' " + WHAT + ", not '" + kind + "'");
        }
        return in;
    }

    private static IllegalArgumentException invalid(IllegalArgumentException e) {
        return new IllegalArgumentException(WHAT + " is invalid: " + e.getMessage(), e);
    }

    private static void writeHysteresis(DataOutputStream out, HysteresisConfig h)
            throws IOException {
        out.writeInt(h.raiseAfter());
        out.writeLong(h.clearAfter());
        out.writeLong(h.clearAfterMillis());
    }

    private static HysteresisConfig readHysteresis(StateBytes.Reader in) {
        return new HysteresisConfig(
                in.i32("raiseAfter"), in.i64("clearAfter"), in.i64("clearAfterMillis"));
    }

    private static void writeLatch(DataOutputStream out, AlertLatchState s) throws IOException {
        StateBytes.writeString(out, s.key().modelId());
        StateBytes.writeEnum(out, s.key().type());
        StateBytes.writeString(out, s.key().detector());
        writeHysteresis(out, s.config());
        out.writeByte(s.raised() ? 1 : 0);
        out.writeLong(s.sequence());
        out.writeInt(s.consecutiveHolds());
        out.writeLong(s.runStartMillis());
        out.writeLong(s.consecutiveClear());
        out.writeLong(s.episodeStartMillis());
        out.writeLong(s.episodeChecks());
        out.writeLong(s.raisedAtMillis());
        StateBytes.writeEnum(out, s.raisedSeverity());
        out.writeLong(s.lastHoldMillis());
    }

    private static AlertLatchState readLatch(StateBytes.Reader in) {
        AlertKey key =
                new AlertKey(
                        in.string("key.modelId"),
                        in.enumValue("key.type", AlertType.class),
                        in.string("key.detector"));
        return new AlertLatchState(
                key,
                readHysteresis(in),
                in.flag("raised"),
                in.i64("sequence"),
                in.i32("consecutiveHolds"),
                in.i64("runStartMillis"),
                in.i64("consecutiveClear"),
                in.i64("episodeStartMillis"),
                in.i64("episodeChecks"),
                in.i64("raisedAtMillis"),
                in.enumValue("raisedSeverity", AlertSeverity.class),
                in.i64("lastHoldMillis"));
    }
}
