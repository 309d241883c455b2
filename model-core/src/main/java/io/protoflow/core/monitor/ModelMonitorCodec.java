package io.protoflow.core.monitor;

import io.protoflow.core.alert.AlertStateCodec;
import io.protoflow.core.alert.DriftAlertMonitor;
import io.protoflow.core.alert.OodRateMonitor;
import io.protoflow.core.discovery.DiscoveryConfig;
import io.protoflow.core.discovery.DiscoveryStateCodec;
import io.protoflow.core.discovery.NovelClassDetector;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.OodThresholdState;
import io.protoflow.core.snapshot.SnapshotCodec;
import io.protoflow.core.snapshot.StateBytes;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Versioned binary encoding of a {@link ModelMonitor} for Flink keyed state: {@link StateBytes}
 * framing with magic {@code "PFMM"}; inside, the monitor's configuration, the embedded states of
 * its parts in their own versioned codecs (alert monitors, learner-shaped scorer state, discovery)
 * and the learner state its scorers were last refreshed with, so a restored monitor scores exactly
 * as the original would have. Unknown versions fail with {@code "unknown model monitor state format
 * version N, this build reads up to M"}.
 */
public final class ModelMonitorCodec {

    /** The newest format version this build reads and writes. */
    public static final int FORMAT_VERSION = 2;

    private static final int MAGIC = 0x50464D4D; // "PFMM"
    private static final String WHAT = "model monitor state";

    private ModelMonitorCodec() {}

    /** Encodes the complete state of a monitor. */
    public static byte[] encode(ModelMonitor m) {
        if (m == null) {
            throw new IllegalArgumentException("monitor is null");
        }
        MonitorConfig c = m.config();
        return StateBytes.write(
                MAGIC,
                FORMAT_VERSION,
                out -> {
                    StateBytes.writeString(out, m.modelId());
                    out.writeInt(m.dimension());
                    StateBytes.writeString(out, c.oodScorer());
                    writeStrings(out, c.oodParams());
                    out.writeDouble(c.targetFlagRate());
                    out.writeInt(c.calibrationMinCount());
                    out.writeInt(c.scorerRefreshEvery());
                    StateBytes.writeString(out, c.driftDetector());
                    writeStrings(out, c.driftParams());
                    out.writeLong(c.driftClearAfter());
                    out.writeBoolean(c.discovery() != null);
                    if (c.discovery() != null) {
                        writeDiscoveryConfig(out, c.discovery());
                    }
                    writeBytes(out, AlertStateCodec.encode(m.oodRate.snapshot()));
                    writeBytes(out, AlertStateCodec.encode(m.drift.snapshot()));
                    List<OodThresholdState> thresholds = m.ood.thresholds();
                    out.writeInt(thresholds.size());
                    for (OodThresholdState t : thresholds) {
                        StateBytes.writeString(out, t.scorer());
                        out.writeDouble(t.targetFlagRate());
                        out.writeDouble(t.value());
                        writeBytes(out, t.sketch());
                    }
                    Map<String, LearnerState> scorerStates = m.ood.scorerStates();
                    out.writeInt(scorerStates.size());
                    for (Map.Entry<String, LearnerState> e : scorerStates.entrySet()) {
                        StateBytes.writeString(out, e.getKey());
                        writeBytes(out, SnapshotCodec.encodeLearnerState(e.getValue()));
                    }
                    out.writeBoolean(m.refreshedWith != null);
                    if (m.refreshedWith != null) {
                        writeBytes(out, SnapshotCodec.encodeLearnerState(m.refreshedWith));
                    }
                    out.writeBoolean(m.novelty != null);
                    if (m.novelty != null) {
                        writeBytes(out, DiscoveryStateCodec.encode(m.novelty.snapshot()));
                    }
                    out.writeBoolean(m.scorersStale);
                    out.writeLong(m.learnedSinceRefresh);
                    out.writeLong(m.learnedAtRefresh);
                    out.writeDouble(m.spreadSum);
                    out.writeLong(m.spreadCount);
                });
    }

    /**
     * Rebuilds a monitor that continues exactly as the encoded one.
     *
     * @throws IllegalArgumentException on corrupt bytes or an unknown version, naming the problem
     */
    public static ModelMonitor decode(byte[] bytes) {
        StateBytes.Reader in = StateBytes.read(bytes, MAGIC, WHAT, FORMAT_VERSION);
        String modelId = in.string("modelId");
        int dimension = in.i32("dimension");
        String scorer = in.string("oodScorer");
        Map<String, String> oodParams = readStrings(in, "oodParams");
        double targetFlagRate = in.f64("targetFlagRate");
        int calibrationMinCount = in.i32("calibrationMinCount");
        int scorerRefreshEvery = in.i32("scorerRefreshEvery");
        String driftDetector = in.string("driftDetector");
        Map<String, String> driftParams = readStrings(in, "driftParams");
        long driftClearAfter = in.i64("driftClearAfter");
        DiscoveryConfig discovery = in.flag("discovery") ? readDiscoveryConfig(in) : null;
        OodRateMonitor oodRate =
                OodRateMonitor.restore(AlertStateCodec.decodeOodRate(in.bytes("oodRate")));
        DriftAlertMonitor drift =
                DriftAlertMonitor.restore(AlertStateCodec.decodeDriftMonitor(in.bytes("drift")));
        MonitorConfig config =
                new MonitorConfig(
                        scorer,
                        oodParams,
                        targetFlagRate,
                        calibrationMinCount,
                        scorerRefreshEvery,
                        driftDetector,
                        driftParams,
                        driftClearAfter,
                        oodRate.config(),
                        discovery);
        ModelMonitor m = new ModelMonitor(modelId, dimension, config, oodRate, drift);
        int thresholdCount = in.count("thresholds", 24);
        List<OodThresholdState> thresholds = new ArrayList<>(thresholdCount);
        for (int i = 0; i < thresholdCount; i++) {
            thresholds.add(
                    new OodThresholdState(
                            in.string("thresholds[" + i + "].scorer"),
                            in.f64("thresholds[" + i + "].targetFlagRate"),
                            in.f64("thresholds[" + i + "].value"),
                            in.bytes("thresholds[" + i + "].sketch")));
        }
        int stateCount = in.count("scorerStates", 8);
        Map<String, LearnerState> states = new LinkedHashMap<>();
        for (int i = 0; i < stateCount; i++) {
            String name = in.string("scorerStates[" + i + "].name");
            states.put(
                    name,
                    SnapshotCodec.decodeLearnerState(in.bytes("scorerStates[" + i + "].state")));
        }
        if (in.flag("refreshedWith")) {
            m.restoreRefresh(SnapshotCodec.decodeLearnerState(in.bytes("refreshedWith")));
        }
        m.ood.restoreThresholds(thresholds);
        m.ood.restoreScorerStates(states);
        if (in.flag("novelty")) {
            m.novelty = NovelClassDetector.restore(DiscoveryStateCodec.decode(in.bytes("novelty")));
        }
        m.scorersStale = in.flag("scorersStale");
        m.learnedSinceRefresh = in.i64("learnedSinceRefresh");
        m.learnedAtRefresh = in.i64("learnedAtRefresh");
        m.spreadSum = in.f64("spreadSum");
        m.spreadCount = in.i64("spreadCount");
        return m;
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static void writeStrings(DataOutputStream out, Map<String, String> map)
            throws IOException {
        // sorted: Map.copyOf has no stable order, the bytes must be deterministic
        List<String> keys = new ArrayList<>(map.keySet());
        keys.sort(null);
        out.writeInt(keys.size());
        for (String k : keys) {
            StateBytes.writeString(out, k);
            StateBytes.writeString(out, map.get(k));
        }
    }

    private static Map<String, String> readStrings(StateBytes.Reader in, String field) {
        int n = in.count(field + " size", 8);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(in.string(field + "[" + i + "].key"), in.string(field + "[" + i + "].value"));
        }
        return map;
    }

    private static void writeDiscoveryConfig(DataOutputStream out, DiscoveryConfig d)
            throws IOException {
        out.writeInt(d.bufferCapacity());
        StateBytes.writeEnum(out, d.eviction());
        out.writeLong(d.seed());
        out.writeDouble(d.newClusterDistance());
        out.writeDouble(d.mergeDistance());
        out.writeDouble(d.maxCompactness());
        out.writeDouble(d.minSeparation());
        out.writeInt(d.minSupport());
        out.writeInt(d.memberSampleSize());
        out.writeInt(d.refitInterval());
        out.writeInt(d.refitPasses());
        out.writeInt(d.minLabels());
        StateBytes.writeEnum(out, d.refitMethod());
    }

    private static DiscoveryConfig readDiscoveryConfig(StateBytes.Reader in) {
        return new DiscoveryConfig(
                in.i32("discovery.bufferCapacity"),
                in.enumValue("discovery.eviction", DiscoveryConfig.Eviction.class),
                in.i64("discovery.seed"),
                in.f64("discovery.newClusterDistance"),
                in.f64("discovery.mergeDistance"),
                in.f64("discovery.maxCompactness"),
                in.f64("discovery.minSeparation"),
                in.i32("discovery.minSupport"),
                in.i32("discovery.memberSampleSize"),
                in.i32("discovery.refitInterval"),
                in.i32("discovery.refitPasses"),
                in.i32("discovery.minLabels"),
                in.version() >= 2
                        ? in.enumValue("discovery.refitMethod", DiscoveryConfig.RefitMethod.class)
                        : DiscoveryConfig.RefitMethod.GREEDY);
    }
}
