package io.protoflow.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.bench.offline.ShrinkageLda;
import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.Datasets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassIncrementalProtocolTest {

    private static final long SEED = 42;

    private static StratifiedHoldout.TrainTest digits() {
        return StratifiedHoldout.split(Datasets.digits(), 0.2, SEED);
    }

    @Test
    void ncmOnDigitsScoresSaneMetrics() {
        StratifiedHoldout.TrainTest data = digits();
        EvalStream stream =
                EvalStream.classIncremental(data.train(), data.test(), 2, null, SEED, 0, 0);
        RunResult r =
                ClassIncrementalProtocol.run(
                        ProtoflowClassifier.of(LearnerSpec.parse("ncm"), 64),
                        stream,
                        "class-incremental");

        assertThat(r.stages()).hasSize(5);
        assertThat(r.finalAccuracy()).isGreaterThan(0.8).isLessThanOrEqualTo(1.0);
        assertThat(r.averageIncrementalAccuracy()).isBetween(r.finalAccuracy(), 1.0);
        assertThat(r.forgetting()).isBetween(-0.05, 0.2);
        assertThat(r.prequentialAccuracy()).isGreaterThan(0.8);
        assertThat(r.trainExamples()).isEqualTo(data.train().size());
        // every test example of the seen classes is predicted after each stage
        assertThat(r.stages().get(4).seenTotal()).isEqualTo(data.test().size());
        assertThat(r.stages().get(0).newClasses()).containsExactly("0", "1");
        assertThat(r.stages().get(0).newClassAccuracy()).isGreaterThan(0.9);
        // 1438 prequential + 2+4+6+8+10 fifths of the test set
        assertThat(r.predictions())
                .isEqualTo(
                        data.train().size()
                                + r.stages().stream().mapToLong(StageResult::seenTotal).sum());
    }

    @Test
    void sameSeedGivesTheSameResult() {
        StratifiedHoldout.TrainTest data = digits();
        EvalStream a = EvalStream.classIncremental(data.train(), data.test(), 3, null, 7, 0, 0);
        EvalStream b = EvalStream.classIncremental(data.train(), data.test(), 3, null, 7, 0, 0);
        RunResult ra =
                ClassIncrementalProtocol.run(
                        ProtoflowClassifier.of(LearnerSpec.parse("ncm:metric=cosine"), 64),
                        a,
                        "ci");
        RunResult rb =
                ClassIncrementalProtocol.run(
                        ProtoflowClassifier.of(LearnerSpec.parse("ncm:metric=cosine"), 64),
                        b,
                        "ci");
        assertThat(ra.stages()).isEqualTo(rb.stages());
        assertThat(ra.prequentialCorrect()).isEqualTo(rb.prequentialCorrect());
    }

    @Test
    void fewShotStageHoldsOutTheLastClassesWithOnlySomeShots() {
        StratifiedHoldout.TrainTest data = digits();
        EvalStream stream =
                EvalStream.classIncremental(data.train(), data.test(), 2, null, SEED, 5, 2);
        assertThat(stream.stages()).hasSize(5);
        for (int s = 0; s < 4; s++) {
            assertThat(stream.stages().get(s).fewShot()).isFalse();
            assertThat(stream.stages().get(s).train().size()).isGreaterThan(200);
        }
        EvalStream.StageData few = stream.stages().get(4);
        assertThat(few.fewShot()).isTrue();
        assertThat(few.classes()).containsExactly("8", "9");
        assertThat(few.train().size()).isEqualTo(10);
        assertThat(List.of(few.train().y()))
                .containsOnly("8", "9")
                .filteredOn("8"::equals)
                .hasSize(5);

        RunResult r =
                ClassIncrementalProtocol.run(
                        ProtoflowClassifier.of(LearnerSpec.parse("ncm"), 64), stream, "ci");
        // the few-shot classes are tested on all their test examples
        long testOf8And9 =
                data.test().rows().stream()
                        .filter(v -> v.label().equals("8") || v.label().equals("9"))
                        .count();
        assertThat(r.stages().get(4).newTotal()).isEqualTo(testOf8And9);
        assertThat(r.stages().get(4).newClassAccuracy()).isGreaterThan(0.5);
    }

    @Test
    void stratifiedHoldoutKeepsClassProportionsAndIsDisjoint() {
        Dataset all = Datasets.digits();
        StratifiedHoldout.TrainTest split = StratifiedHoldout.split(all, 0.25, SEED);
        assertThat(split.train().size() + split.test().size()).isEqualTo(all.size());
        Set<String> trainIds = new HashSet<>();
        split.train().rows().forEach(v -> trainIds.add(v.id()));
        assertThat(split.test().rows()).noneMatch(v -> trainIds.contains(v.id()));
        Map<String, Integer> perClass = new HashMap<>();
        all.rows().forEach(v -> perClass.merge(v.label(), 1, Integer::sum));
        Map<String, Integer> testPerClass = new HashMap<>();
        split.test().rows().forEach(v -> testPerClass.merge(v.label(), 1, Integer::sum));
        perClass.forEach(
                (label, n) ->
                        assertThat(testPerClass.get(label)).isEqualTo((int) Math.round(0.25 * n)));
    }

    @Test
    void offlineStreamIsOneStageWithAllTrainingData() {
        StratifiedHoldout.TrainTest data = digits();
        EvalStream iid = EvalStream.offline(data.train(), data.test(), null, SEED);
        assertThat(iid.stages()).hasSize(1);
        assertThat(iid.stages().get(0).train().size()).isEqualTo(data.train().size());
        RunResult r = ClassIncrementalProtocol.runBatch(new ShrinkageLda(0.01), iid);
        assertThat(r.finalAccuracy()).isGreaterThan(0.9);
        assertThat(r.setting()).isEqualTo("offline");
    }
}
