package io.protoflow.stream.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.learn.NearestClassMean;
import io.protoflow.core.ood.ThresholdCalibrator;
import io.protoflow.core.snapshot.ModelSnapshot;
import io.protoflow.core.snapshot.OodThresholdState;
import io.protoflow.core.snapshot.Provenance;
import io.protoflow.stream.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotMapperTest {

    private static ModelSnapshot snapshot(long version, long parent) {
        Learner ncm = new NearestClassMean(5, NearestClassMean.Metric.COSINE);
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            float[] x = new float[5];
            for (int j = 0; j < 5; j++) {
                x[j] = (float) random.nextGaussian();
            }
            ncm.learn(x, "class-" + (i % 3));
        }
        return new ModelSnapshot(
                "m1",
                version,
                parent,
                1_700_000_000_123L,
                new Provenance("job", 60, "abc123"),
                ncm.snapshot());
    }

    @Test
    void avroRoundTripThroughTheWireKeepsEverySnapshotValue() {
        ModelSnapshot original = snapshot(3, 2);
        var avro = SnapshotMapper.toAvro(original, "job-42");
        byte[] wire = Topics.MODEL_SNAPSHOTS.codec().encode(avro);
        ModelSnapshot back = SnapshotMapper.fromAvro(Topics.MODEL_SNAPSHOTS.codec().decode(wire));

        assertThat(back).isEqualTo(original);
        assertThat(avro.getParentVersion()).isEqualTo(2L);
        assertThat(avro.getProvenance().getJobId()).isEqualTo("job-42");
        assertThat(avro.getLearner().getParams()).containsEntry("metric", "cosine");
        float[] probe = {0.3f, -1f, 2f, 0f, 0.5f};
        assertThat(Learners.restore(back.learner()).predict(probe))
                .isEqualTo(Learners.restore(original.learner()).predict(probe));
    }

    @Test
    void firstVersionHasNoParentOnTheWire() {
        var avro = SnapshotMapper.toAvro(snapshot(1, 0), null);
        assertThat(avro.getParentVersion()).isNull();
        assertThat(SnapshotMapper.fromAvro(avro).parentVersion()).isZero();
    }

    @Test
    void covarianceAndFeatureMapRoundTripThroughTheWire() {
        Learner rf =
                Learners.create(
                        "random-features",
                        4,
                        Map.of("outputDimension", "12", "seed", "99", "bias", "true"));
        Random random = new Random(11);
        for (int i = 0; i < 80; i++) {
            float[] x = new float[4];
            for (int j = 0; j < 4; j++) {
                x[j] = (float) random.nextGaussian() + (i % 2) * 2;
            }
            rf.learn(x, "class-" + (i % 2));
        }
        ModelSnapshot original =
                new ModelSnapshot(
                        "rf",
                        2,
                        1,
                        1_700_000_000_999L,
                        new Provenance("job", 80, "d"),
                        rf.snapshot());
        var avro = SnapshotMapper.toAvro(original, null);
        assertThat(avro.getCovariance().getDimension()).isEqualTo(12);
        assertThat(avro.getCovariance().getPackedUpper()).hasSize(12 * 13 / 2);
        assertThat(avro.getFeatureMap().getSeed()).isEqualTo(99L);
        assertThat(avro.getFeatureMap().getParams()).containsEntry("bias", "true");
        assertThat(avro.getLearner().getType()).isEqualTo("random-features");
        byte[] wire = Topics.MODEL_SNAPSHOTS.codec().encode(avro);
        ModelSnapshot back = SnapshotMapper.fromAvro(Topics.MODEL_SNAPSHOTS.codec().decode(wire));

        assertThat(back).isEqualTo(original);
        float[] probe = {0.3f, -1f, 2f, 0f};
        assertThat(Learners.restore(back.learner()).predict(probe))
                .isEqualTo(Learners.restore(original.learner()).predict(probe));
    }

    @Test
    void streamingLdaCovarianceRoundTripsAndNcmHasNone() {
        Learner lda = Learners.create("streaming-lda", 3, Map.of());
        lda.learn(new float[] {1, 2, 3}, "a");
        lda.learn(new float[] {2, 2, 1}, "a");
        lda.learn(new float[] {0, 0, 1}, "b");
        ModelSnapshot original =
                new ModelSnapshot("lda", 1, 0, 5, new Provenance("job", 3, ""), lda.snapshot());
        var avro = SnapshotMapper.toAvro(original, null);
        assertThat(avro.getFeatureMap()).isNull();
        assertThat(avro.getCovariance().getCount()).isEqualTo(3);
        assertThat(SnapshotMapper.fromAvro(avro)).isEqualTo(original);
        assertThat(SnapshotMapper.toAvro(snapshot(1, 0), null).getCovariance()).isNull();
    }

    @Test
    void oodThresholdsWithTheirSketchesRoundTripThroughTheWire() {
        ThresholdCalibrator knn = new ThresholdCalibrator("knn", 0.05);
        Random random = new Random(5);
        for (int i = 0; i < 5000; i++) {
            knn.observe(random.nextGaussian());
        }
        OodThresholdState uncalibrated = new ThresholdCalibrator("mahalanobis", 0.01).state();
        ModelSnapshot original =
                snapshot(2, 1).withOodThresholds(List.of(knn.state(), uncalibrated));
        var avro = SnapshotMapper.toAvro(original, null);
        assertThat(avro.getThresholds()).hasSize(2);
        assertThat(avro.getThresholds().get(0).getScorer()).isEqualTo("knn");
        assertThat(avro.getThresholds().get(0).getValue()).isEqualTo(knn.threshold());
        assertThat(avro.getThresholds().get(1).getSketch()).isNull();
        assertThat(avro.getThresholds().get(1).getValue()).isEqualTo(Double.POSITIVE_INFINITY);
        byte[] wire = Topics.MODEL_SNAPSHOTS.codec().encode(avro);
        ModelSnapshot back = SnapshotMapper.fromAvro(Topics.MODEL_SNAPSHOTS.codec().decode(wire));

        assertThat(back).isEqualTo(original);
        ThresholdCalibrator restored = ThresholdCalibrator.restore(back.oodThresholds().get(0));
        assertThat(restored.count()).isEqualTo(5000);
        assertThat(restored.threshold()).isEqualTo(knn.threshold());
        assertThat(SnapshotMapper.toAvro(snapshot(1, 0), null).getThresholds()).isEmpty();
    }
}
