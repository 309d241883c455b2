package io.protoflow.stream.mapping;

import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.CovarianceState;
import io.protoflow.core.snapshot.FeatureMapState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.ModelSnapshot;
import io.protoflow.core.snapshot.OodThresholdState;
import io.protoflow.core.snapshot.PrototypeState;
import io.protoflow.core.snapshot.Provenance;
import io.protoflow.schemas.Covariance;
import io.protoflow.schemas.FeatureMapSpec;
import io.protoflow.schemas.LearnerSpec;
import io.protoflow.schemas.OodThreshold;
import io.protoflow.schemas.Prototype;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps core {@link ModelSnapshot} values to the Avro snapshot record and back, losslessly for
 * everything the core snapshot holds, including the shared covariance (streaming LDA) and the
 * feature-map spec (random features) of format-2 learner states, and the calibrated OOD thresholds
 * with their sketches (Avro {@code thresholds}; an empty core sketch is a null Avro sketch).
 */
public final class SnapshotMapper {

    private SnapshotMapper() {}

    /**
     * The Avro record for a core snapshot.
     *
     * @param jobId the Flink job id that produced it, or null
     */
    public static io.protoflow.schemas.ModelSnapshot toAvro(ModelSnapshot snapshot, String jobId) {
        LearnerState learner = snapshot.learner();
        List<io.protoflow.schemas.ClassState> classes = new ArrayList<>(learner.classes().size());
        for (ClassState c : learner.classes()) {
            List<Prototype> prototypes = new ArrayList<>(c.prototypes().size());
            for (PrototypeState p : c.prototypes()) {
                prototypes.add(new Prototype(p.weight(), boxed(p.mean())));
            }
            classes.add(new io.protoflow.schemas.ClassState(c.label(), c.count(), prototypes));
        }
        Provenance provenance = snapshot.provenance();
        return io.protoflow.schemas.ModelSnapshot.newBuilder()
                .setModelId(snapshot.modelId())
                .setVersion(snapshot.version())
                .setParentVersion(snapshot.parentVersion() == 0 ? null : snapshot.parentVersion())
                .setCreatedAt(Instant.ofEpochMilli(snapshot.createdAtMillis()))
                .setLearner(
                        new LearnerSpec(
                                learner.learnerType(),
                                learner.dimension(),
                                new LinkedHashMap<>(learner.params())))
                .setClasses(classes)
                .setCovariance(toAvro(learner.covariance()))
                .setFeatureMap(toAvro(learner.featureMap()))
                .setThresholds(toAvro(snapshot.oodThresholds()))
                .setProvenance(
                        io.protoflow.schemas.Provenance.newBuilder()
                                .setJob(provenance.job())
                                .setJobId(jobId)
                                .setRecordsSeen(provenance.recordsSeen())
                                .setConfigDigest(provenance.configDigest())
                                .setBuildVersion(buildVersion())
                                .build())
                .build();
    }

    /** The core snapshot for an Avro record. */
    public static ModelSnapshot fromAvro(io.protoflow.schemas.ModelSnapshot avro) {
        List<ClassState> classes = new ArrayList<>(avro.getClasses().size());
        for (io.protoflow.schemas.ClassState c : avro.getClasses()) {
            List<PrototypeState> prototypes = new ArrayList<>(c.getPrototypes().size());
            for (Prototype p : c.getPrototypes()) {
                prototypes.add(new PrototypeState(p.getWeight(), unboxed(p.getMean())));
            }
            classes.add(new ClassState(c.getLabel(), c.getCount(), prototypes));
        }
        Map<String, String> params = new LinkedHashMap<>(avro.getLearner().getParams());
        LearnerState learner =
                new LearnerState(
                        avro.getLearner().getType(),
                        avro.getLearner().getDimension(),
                        params,
                        classes,
                        fromAvro(avro.getCovariance()),
                        fromAvro(avro.getFeatureMap()));
        io.protoflow.schemas.Provenance p = avro.getProvenance();
        return new ModelSnapshot(
                avro.getModelId(),
                avro.getVersion(),
                avro.getParentVersion() == null ? 0 : avro.getParentVersion(),
                avro.getCreatedAt().toEpochMilli(),
                new Provenance(p.getJob(), p.getRecordsSeen(), p.getConfigDigest()),
                learner,
                fromAvro(avro.getThresholds()));
    }

    private static List<OodThreshold> toAvro(List<OodThresholdState> thresholds) {
        List<OodThreshold> out = new ArrayList<>(thresholds.size());
        for (OodThresholdState t : thresholds) {
            byte[] sketch = t.sketch();
            out.add(
                    new OodThreshold(
                            t.scorer(),
                            t.targetFlagRate(),
                            t.value(),
                            sketch.length == 0 ? null : ByteBuffer.wrap(sketch)));
        }
        return out;
    }

    private static List<OodThresholdState> fromAvro(List<OodThreshold> thresholds) {
        List<OodThresholdState> out = new ArrayList<>(thresholds.size());
        for (OodThreshold t : thresholds) {
            byte[] sketch = new byte[0];
            if (t.getSketch() != null) {
                ByteBuffer b = t.getSketch().duplicate();
                sketch = new byte[b.remaining()];
                b.get(sketch);
            }
            out.add(
                    new OodThresholdState(
                            t.getScorer(), t.getTargetFlagRate(), t.getValue(), sketch));
        }
        return out;
    }

    private static Covariance toAvro(CovarianceState c) {
        return c == null
                ? null
                : new Covariance(c.dimension(), c.count(), c.shrinkage(), boxed(c.packedUpper()));
    }

    private static CovarianceState fromAvro(Covariance c) {
        return c == null
                ? null
                : new CovarianceState(
                        c.getDimension(),
                        c.getCount(),
                        c.getShrinkage(),
                        unboxed(c.getPackedUpper()));
    }

    private static FeatureMapSpec toAvro(FeatureMapState m) {
        return m == null
                ? null
                : new FeatureMapSpec(
                        m.type(),
                        m.inputDimension(),
                        m.outputDimension(),
                        m.seed(),
                        new LinkedHashMap<>(m.params()));
    }

    private static FeatureMapState fromAvro(FeatureMapSpec m) {
        return m == null
                ? null
                : new FeatureMapState(
                        m.getType(),
                        m.getInputDimension(),
                        m.getOutputDimension(),
                        m.getSeed(),
                        new LinkedHashMap<>(m.getParams()));
    }

    private static List<Double> boxed(double[] x) {
        Double[] boxed = new Double[x.length];
        for (int i = 0; i < x.length; i++) {
            boxed[i] = x[i];
        }
        return List.of(boxed);
    }

    private static double[] unboxed(List<Double> x) {
        double[] out = new double[x.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.get(i);
        }
        return out;
    }

    private static String buildVersion() {
        String v = SnapshotMapper.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
