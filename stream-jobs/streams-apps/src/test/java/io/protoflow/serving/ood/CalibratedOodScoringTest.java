package io.protoflow.serving.ood;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import io.protoflow.core.ood.OodScorer;
import io.protoflow.core.ood.OodScorers;
import io.protoflow.core.snapshot.ModelSnapshot;
import io.protoflow.core.snapshot.OodThresholdState;
import io.protoflow.core.snapshot.Provenance;
import io.protoflow.stream.mapping.SnapshotMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibratedOodScoringTest {

    private static Learner twoClasses() {
        Learner ncm = Learners.create("ncm", 2, Map.of());
        ncm.learn(new float[] {0, 0}, "a");
        ncm.learn(new float[] {10, 0}, "b");
        return ncm;
    }

    private static io.protoflow.schemas.ModelSnapshot snapshot(
            Learner learner, List<OodThresholdState> thresholds) {
        return SnapshotMapper.toAvro(
                new ModelSnapshot(
                        "m",
                        3,
                        2,
                        1_000,
                        new Provenance("test", 2, "digest"),
                        learner.snapshot(),
                        thresholds),
                null);
    }

    @Test
    void scoresWithTheScorerTheJobCalibratedAndFlagsAboveItsThreshold() {
        Learner learner = twoClasses();
        var avro =
                snapshot(learner, List.of(new OodThresholdState("energy", 0.05, 4.0, new byte[0])));
        SnapshotOod ood = OodScoring.calibrated().bind(avro, learner);
        OodScorer reference = OodScorers.create("energy", 2, Map.of());
        reference.update(learner.snapshot());

        float[] near = {0.5f, 0.5f};
        OodVerdict v = ood.score(near, learner.predict(near));
        assertThat(v.scorer()).isEqualTo("energy");
        assertThat(v.score()).isEqualTo(reference.score(near));
        assertThat(v.flagged()).isFalse();

        float[] far = {5, 30};
        OodVerdict w = ood.score(far, learner.predict(far));
        assertThat(w.score()).isEqualTo(reference.score(far)).isGreaterThan(4.0);
        assertThat(w.flagged()).isTrue();
    }

    @Test
    void snapshotWithoutAUsableThresholdFallsBackToMinDistance() {
        Learner learner = twoClasses();
        var avro = snapshot(learner, List.of(new OodThresholdState("knn", 0.05, 4.0, new byte[0])));
        float[] x = {0, 3};
        OodVerdict v = OodScoring.calibrated().bind(avro, learner).score(x, learner.predict(x));
        assertThat(v.scorer()).isEqualTo("min-distance");
        assertThat(v.score()).isEqualTo(9.0);
        assertThat(v.flagged()).isFalse();
    }
}
