package io.protoflow.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.protoflow.core.alert.Alert;
import io.protoflow.core.alert.AlertStatus;
import io.protoflow.core.alert.AlertType;
import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The monitor on seeded Gaussian classes: calibrated flags, one drift alert for one change, a novel
 * class discovered and promoted by late labels, and state that round-trips exactly.
 */
class ModelMonitorTest {

    private static final long SEED = 20261125L;
    private static final int DIM = 6;

    /** Class centres 12 apart (unit noise): well separated. */
    private static float[] sample(Random random, int cls) {
        float[] x = new float[DIM];
        for (int i = 0; i < DIM; i++) {
            x[i] =
                    (float)
                            ((i == cls % DIM ? 12.0 * (1 + cls / DIM) : 0.0)
                                    + random.nextGaussian());
        }
        return x;
    }

    private static long count(Learner learner, String label) {
        return learner.count(label);
    }

    /** One test-then-train step through the monitor; returns the alerts. */
    private static List<Alert> step(
            ModelMonitor m, Learner learner, String id, float[] x, String label, long t) {
        ModelMonitor.Verdict v = m.score(learner, x);
        List<Alert> alerts = new ArrayList<>(m.afterPrediction(id, x, v, t, t, 1));
        if (label != null) {
            String predicted = learner.predict(x, 1).top().map(s -> s.label()).orElse(null);
            m.outcome(!label.equals(predicted), t, t, 1).ifPresent(alerts::add);
            long before = count(learner, label);
            learner.learn(x, label);
            m.learned(learner, x, label, v, before);
        }
        return alerts;
    }

    @Test
    void calibratedThresholdFlagsNearItsTargetAndFlagsFarPoints() {
        Random random = new Random(SEED);
        Learner learner = Learners.create("ncm", DIM, Map.of());
        ModelMonitor m = new ModelMonitor("m", DIM, MonitorConfig.defaults());
        for (int i = 0; i < 6_000; i++) {
            int c = random.nextInt(3);
            step(m, learner, "x" + i, sample(random, c), "c" + c, i);
        }
        int flagged = 0;
        int n = 4_000;
        for (int i = 0; i < n; i++) {
            flagged += m.score(learner, sample(random, random.nextInt(3))).flagged() ? 1 : 0;
        }
        double rate = flagged / (double) n;
        assertThat(rate)
                .as("in-distribution flag rate, target 0.05")
                .isCloseTo(0.05, within(0.015));
        float[] far = new float[DIM];
        far[5] = 40f;
        ModelMonitor.Verdict v = m.score(learner, far);
        assertThat(v.scored()).isTrue();
        assertThat(v.flagged()).isTrue();
        assertThat(m.thresholds())
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.scorer()).isEqualTo("energy");
                            assertThat(t.value()).isLessThan(v.score());
                        });
    }

    @Test
    void errorRateShiftRaisesExactlyOneDriftAlertAfterTheShift() {
        Random random = new Random(SEED + 1);
        Learner learner = Learners.create("ncm", DIM, Map.of());
        ModelMonitor m = new ModelMonitor("m", DIM, MonitorConfig.defaults());
        List<Alert> drift = new ArrayList<>();
        int shiftAt = 4_000;
        for (int i = 0; i < 8_000; i++) {
            int c = random.nextInt(3);
            // after the shift, classes 0 and 1 swap their labels: the concept changed
            int label = i >= shiftAt && c < 2 ? 1 - c : c;
            for (Alert a : step(m, learner, "x" + i, sample(random, c), "c" + label, i)) {
                if (a.type() == AlertType.DRIFT) {
                    drift.add(a);
                }
            }
        }
        List<Alert> raised = drift.stream().filter(a -> a.status() == AlertStatus.RAISED).toList();
        assertThat(raised).hasSize(1);
        long at = raised.get(0).window().endMillis();
        assertThat(at).isBetween((long) shiftAt, (long) shiftAt + 500);
        assertThat(raised.get(0).alertKey()).isEqualTo("m/DRIFT/adwin");
    }

    @Test
    void novelClusterRaisesOneNovelClassAlertAndLabelsPromoteIt() {
        Random random = new Random(SEED + 2);
        Learner learner = Learners.create("ncm", DIM, Map.of());
        ModelMonitor m = new ModelMonitor("m", DIM, MonitorConfig.defaults());
        for (int i = 0; i < 3_000; i++) {
            int c = random.nextInt(3);
            step(m, learner, "x" + i, sample(random, c), "c" + c, i);
        }
        List<Alert> novel = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = "new" + i;
            ids.add(id);
            for (Alert a : step(m, learner, id, sample(random, 4), null, 3_000 + i)) {
                if (a.type() == AlertType.NOVEL_CLASS) {
                    novel.add(a);
                }
            }
        }
        assertThat(novel).hasSize(1);
        Alert alert = novel.get(0);
        assertThat(alert.novelClass()).isPresent();
        assertThat(alert.novelClass().get().memberIds()).isNotEmpty().allMatch(ids::contains);
        assertThat(alert.novelClass().get().prototype()[4]).isCloseTo(12.0, within(1.0));
        assertThat(m.estimatedNewClasses()).isEqualTo(1);

        String member = alert.novelClass().get().memberIds().get(0);
        assertThat(m.labelArrived(learner, member, "c4")).isPresent();
        assertThat(learner.classes()).contains("c4");
        assertThat(learner.predict(sample(random, 4), 1).top().orElseThrow().label())
                .isEqualTo("c4");
    }

    @Test
    void decodedMonitorContinuesExactlyAsTheOriginal() {
        Random random = new Random(SEED + 3);
        Learner learner = Learners.create("ncm", DIM, Map.of());
        ModelMonitor m = new ModelMonitor("m", DIM, MonitorConfig.defaults());
        for (int i = 0; i < 2_500; i++) {
            int c = random.nextInt(3);
            step(m, learner, "x" + i, sample(random, c), "c" + c, i);
        }
        for (int i = 0; i < 60; i++) {
            step(m, learner, "n" + i, sample(random, 4), null, 2_500 + i);
        }
        byte[] bytes = ModelMonitorCodec.encode(m);
        ModelMonitor copy = ModelMonitorCodec.decode(bytes);
        assertThat(ModelMonitorCodec.encode(copy)).isEqualTo(bytes);
        Learner learnerCopy = Learners.restore(learner.snapshot());
        long seed = SEED + 4;
        Random r1 = new Random(seed);
        Random r2 = new Random(seed);
        for (int i = 0; i < 1_500; i++) {
            int c1 = r1.nextInt(5);
            int c2 = r2.nextInt(5);
            String label = c1 < 3 ? "c" + c1 : null;
            float[] x1 = sample(r1, c1);
            float[] x2 = sample(r2, c2);
            ModelMonitor.Verdict v1 = m.score(learner, x1);
            ModelMonitor.Verdict v2 = copy.score(learnerCopy, x2);
            assertThat(v2.score()).as("step %d", i).isEqualTo(v1.score());
            assertThat(v2.flagged()).isEqualTo(v1.flagged());
            assertThat(step(copy, learnerCopy, "y" + i, x2, label, 3_000 + i))
                    .isEqualTo(step(m, learner, "y" + i, x1, label, 3_000 + i));
        }
        assertThat(ModelMonitorCodec.encode(copy)).isEqualTo(ModelMonitorCodec.encode(m));
    }

    @Test
    void corruptBytesAndInvalidConfigAreRejectedNamingTheProblem() {
        byte[] bytes =
                ModelMonitorCodec.encode(new ModelMonitor("m", DIM, MonitorConfig.defaults()));
        bytes[bytes.length / 2] ^= 0x5A;
        assertThatThrownBy(() -> ModelMonitorCodec.decode(bytes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model monitor state checksum mismatch");
        MonitorConfig d = MonitorConfig.defaults();
        assertThatThrownBy(
                        () ->
                                new MonitorConfig(
                                        "magic",
                                        Map.of(),
                                        0.05,
                                        50,
                                        500,
                                        "adwin",
                                        Map.of(),
                                        1000,
                                        d.oodRate(),
                                        null))
                .hasMessageContaining("oodScorer must be one of")
                .hasMessageContaining("got 'magic'");
        assertThatThrownBy(
                        () ->
                                new MonitorConfig(
                                        "energy",
                                        Map.of(),
                                        1.5,
                                        50,
                                        500,
                                        "adwin",
                                        Map.of(),
                                        1000,
                                        d.oodRate(),
                                        null))
                .hasMessage("targetFlagRate must be in (0, 1), got 1.5");
    }
}
