package io.protoflow.core.discovery;

import io.protoflow.core.discovery.DiscoveryState.BufferedRecord;
import io.protoflow.core.discovery.DiscoveryState.ClusterState;
import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.PrototypeState;
import io.protoflow.core.snapshot.StateBytes;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned binary encoding of a {@link DiscoveryState}, so a {@link NovelClassDetector} can live
 * in Flink operator state ({@code ValueState<byte[]>}) and files: {@link StateBytes} framing with
 * magic {@code "PFNC"}, the state's {@link DiscoveryState#version()} as format version, then the
 * fields. Equal states give equal bytes. Decoding validates everything through the state records
 * and fails on wrong magic, corruption or an unknown version ({@code "unknown discovery state
 * format version 3, this build reads up to 2"}).
 *
 * <p>Format version 2 (big-endian; string = int length + UTF-8; enum = its name as a string;
 * nullable string = byte 0, or byte 1 and the string; {@code d} = {@code known.dimension}):
 *
 * <pre>
 * config     bufferCapacity int, eviction enum, seed long, newClusterDistance, mergeDistance,
 *            maxCompactness, minSeparation double, minSupport, memberSampleSize, refitInterval,
 *            refitPasses, minLabels int, refitMethod enum
 * known      dimension int, spread double, classes
 * promoted   classes
 * clusters   int + clusters x (id long, candidateId nullable string, sum d x double,
 *            sumSquares double, count int)
 * buffer     int + records x (exampleId string, eventTime long, clusterId long,
 *            label nullable string, features d x float)
 * counters   nextClusterId, candidatesEmitted, recordsSeen long, sinceRefit int
 * classes    int + classes x (label string, count long, int + prototypes x (weight double,
 *            length int, length x double)), the class layout of the model snapshot format
 * </pre>
 *
 * <p>Version 1 is version 2 without {@code refitMethod}: it reads as {@code GREEDY}, the only
 * method of its time, so a restored version-1 detector goes on exactly as before.
 */
public final class DiscoveryStateCodec {

    /** The newest format version this build reads and writes. */
    public static final int FORMAT_VERSION = DiscoveryState.CURRENT_VERSION;

    private static final int MAGIC = 0x50464E43; // "PFNC"
    private static final String WHAT = "discovery state";

    private DiscoveryStateCodec() {}

    /**
     * Encodes a detector state in its own format version.
     *
     * @throws IllegalArgumentException if the state is null
     */
    public static byte[] encode(DiscoveryState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        return StateBytes.write(MAGIC, state.version(), out -> writeState(out, state));
    }

    /**
     * Decodes a detector state written by {@link #encode} in any format version up to {@link
     * #FORMAT_VERSION}.
     *
     * @throws IllegalArgumentException if the bytes are not a valid discovery state
     */
    public static DiscoveryState decode(byte[] bytes) {
        StateBytes.Reader in = StateBytes.read(bytes, MAGIC, WHAT, FORMAT_VERSION);
        try {
            DiscoveryState state = readState(in);
            in.finish();
            return state;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(WHAT + " is invalid: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writing

    private static void writeState(DataOutputStream out, DiscoveryState s) throws IOException {
        DiscoveryConfig c = s.config();
        out.writeInt(c.bufferCapacity());
        StateBytes.writeEnum(out, c.eviction());
        out.writeLong(c.seed());
        out.writeDouble(c.newClusterDistance());
        out.writeDouble(c.mergeDistance());
        out.writeDouble(c.maxCompactness());
        out.writeDouble(c.minSeparation());
        out.writeInt(c.minSupport());
        out.writeInt(c.memberSampleSize());
        out.writeInt(c.refitInterval());
        out.writeInt(c.refitPasses());
        out.writeInt(c.minLabels());
        if (s.version() >= 2) {
            StateBytes.writeEnum(out, c.refitMethod());
        }

        KnownClasses known = s.known();
        out.writeInt(known.dimension());
        out.writeDouble(known.spread());
        writeClasses(out, known.classes());
        writeClasses(out, s.promoted());

        out.writeInt(s.clusters().size());
        for (ClusterState cluster : s.clusters()) {
            out.writeLong(cluster.id());
            writeNullable(out, cluster.candidateId());
            for (double v : cluster.sum()) {
                out.writeDouble(v);
            }
            out.writeDouble(cluster.sumSquares());
            out.writeInt(cluster.count());
        }

        out.writeInt(s.buffer().size());
        for (BufferedRecord r : s.buffer()) {
            StateBytes.writeString(out, r.exampleId());
            out.writeLong(r.eventTime());
            out.writeLong(r.clusterId());
            writeNullable(out, r.label());
            for (float v : r.features()) {
                out.writeFloat(v);
            }
        }

        out.writeLong(s.nextClusterId());
        out.writeLong(s.candidatesEmitted());
        out.writeLong(s.recordsSeen());
        out.writeInt(s.sinceRefit());
    }

    private static void writeClasses(DataOutputStream out, List<ClassState> classes)
            throws IOException {
        out.writeInt(classes.size());
        for (ClassState c : classes) {
            StateBytes.writeString(out, c.label());
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
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeByte(s == null ? 0 : 1);
        if (s != null) {
            StateBytes.writeString(out, s);
        }
    }

    // ---------------------------------------------------------------- reading

    private static DiscoveryState readState(StateBytes.Reader in) {
        DiscoveryConfig config =
                new DiscoveryConfig(
                        in.i32("config.bufferCapacity"),
                        in.enumValue("config.eviction", DiscoveryConfig.Eviction.class),
                        in.i64("config.seed"),
                        in.f64("config.newClusterDistance"),
                        in.f64("config.mergeDistance"),
                        in.f64("config.maxCompactness"),
                        in.f64("config.minSeparation"),
                        in.i32("config.minSupport"),
                        in.i32("config.memberSampleSize"),
                        in.i32("config.refitInterval"),
                        in.i32("config.refitPasses"),
                        in.i32("config.minLabels"),
                        in.version() >= 2
                                ? in.enumValue(
                                        "config.refitMethod", DiscoveryConfig.RefitMethod.class)
                                : DiscoveryConfig.RefitMethod.GREEDY);

        int dimension = in.i32("known.dimension");
        double spread = in.f64("known.spread");
        KnownClasses known = new KnownClasses(readClasses(in, "known.classes"), dimension, spread);
        List<ClassState> promoted = readClasses(in, "promoted");

        int clusterCount = in.count("clusters", elementBytes(21, 8, dimension));
        List<ClusterState> clusters = new ArrayList<>(clusterCount);
        for (int k = 0; k < clusterCount; k++) {
            String field = "clusters[" + k + "]";
            long id = in.i64(field + ".id");
            String candidateId = readNullable(in, field + ".candidateId");
            double[] sum = new double[dimension];
            for (int i = 0; i < dimension; i++) {
                sum[i] = in.f64(field + ".sum[" + i + "]");
            }
            double sumSquares = in.f64(field + ".sumSquares");
            int count = in.i32(field + ".count");
            clusters.add(new ClusterState(id, candidateId, sum, sumSquares, count));
        }

        int bufferSize = in.count("buffer", elementBytes(21, 4, dimension));
        List<BufferedRecord> buffer = new ArrayList<>(bufferSize);
        for (int r = 0; r < bufferSize; r++) {
            String field = "buffer[" + r + "]";
            String exampleId = in.string(field + ".exampleId");
            long eventTime = in.i64(field + ".eventTime");
            long clusterId = in.i64(field + ".clusterId");
            String label = readNullable(in, field + ".label");
            float[] features = new float[dimension];
            for (int i = 0; i < dimension; i++) {
                features[i] = in.f32(field + ".features[" + i + "]");
            }
            buffer.add(new BufferedRecord(exampleId, features, eventTime, clusterId, label));
        }

        return new DiscoveryState(
                in.version(),
                config,
                known,
                promoted,
                buffer,
                clusters,
                in.i64("nextClusterId"),
                in.i64("candidatesEmitted"),
                in.i64("recordsSeen"),
                in.i32("sinceRefit"));
    }

    private static List<ClassState> readClasses(StateBytes.Reader in, String field) {
        int classCount = in.count(field, 16);
        List<ClassState> classes = new ArrayList<>(classCount);
        for (int c = 0; c < classCount; c++) {
            String cf = field + "[" + c + "]";
            String label = in.string(cf + ".label");
            long count = in.i64(cf + ".count");
            int protoCount = in.count(cf + ".prototypes", 12);
            List<PrototypeState> prototypes = new ArrayList<>(protoCount);
            for (int p = 0; p < protoCount; p++) {
                String pf = cf + ".prototypes[" + p + "]";
                double weight = in.f64(pf + ".weight");
                double[] mean = new double[in.count(pf + ".length", 8)];
                for (int i = 0; i < mean.length; i++) {
                    mean[i] = in.f64(pf + ".mean[" + i + "]");
                }
                prototypes.add(new PrototypeState(weight, mean));
            }
            classes.add(new ClassState(label, count, prototypes));
        }
        return classes;
    }

    private static String readNullable(StateBytes.Reader in, String field) {
        return in.flag(field + " present") ? in.string(field) : null;
    }

    /**
     * The fewest bytes one element takes: {@code fixed} plus {@code perCoordinate} per coordinate,
     * capped so that a corrupt dimension cannot overflow the count check.
     */
    private static int elementBytes(int fixed, int perCoordinate, int dimension) {
        return (int) Math.min(Integer.MAX_VALUE, fixed + (long) perCoordinate * dimension);
    }
}
