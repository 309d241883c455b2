package io.protoflow.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AlertLatchTest {

    private static final AlertKey KEY = new AlertKey("digits", AlertType.ACCURACY_DROP, "acc");

    private static Observation check(boolean holds, long t) {
        return new Observation(
                holds,
                AlertSeverity.WARNING,
                t * 10,
                1_000_000 + t,
                3,
                null,
                Map.of("value", holds ? 1.0 : 0.0),
                Map.of(),
                "value " + (holds ? "above" : "below") + " threshold at " + t + ".");
    }

    private static List<Alert> feed(AlertLatch latch, boolean[] holds, int from, int to) {
        List<Alert> events = new ArrayList<>();
        for (int t = from; t < to; t++) {
            latch.observe(check(holds[t], t)).ifPresent(events::add);
        }
        return events;
    }

    /**
     * A metric that flaps around its threshold for 2000 checks (holding on about half of them, at
     * random), after clean stretches before and after.
     */
    private static boolean[] flapping(long seed) {
        Random random = new Random(seed);
        boolean[] holds = new boolean[5000];
        for (int t = 1000; t < 3000; t++) {
            double metric = 0.5 + 0.05 * Math.sin(t / 50.0) + 0.1 * random.nextGaussian();
            holds[t] = metric > 0.5;
        }
        return holds;
    }

    @Test
    void conditionFlappingAroundThresholdRaisesOnceAndResolvesOnce() {
        boolean[] holds = flapping(1);
        AlertLatch latch = new AlertLatch(KEY, new HysteresisConfig(1, 200, 0));
        List<Alert> events = feed(latch, holds, 0, holds.length);

        assertThat(events)
                .extracting(Alert::status)
                .containsExactly(AlertStatus.RAISED, AlertStatus.RESOLVED);
        Alert raised = events.get(0);
        Alert resolved = events.get(1);
        int firstHold = indexOf(holds, true, 0);
        int lastHold = lastIndexOf(holds, true);
        assertThat(raised.window().startMillis()).isEqualTo(firstHold * 10L);
        assertThat(raised.raisedAtMillis()).isEqualTo(1_000_000 + firstHold);
        assertThat(raised.alertId()).isEqualTo("digits/ACCURACY_DROP/acc#1/raised");
        assertThat(raised.alertKey()).isEqualTo("digits/ACCURACY_DROP/acc");
        assertThat(raised.modelVersion()).isEqualTo(3);
        // resolved on the 200th clear check after the last hold
        int resolveAt = lastHold + 200;
        assertThat(resolved.resolvedAtMillis()).hasValue(1_000_000 + resolveAt);
        assertThat(resolved.raisedAtMillis()).isEqualTo(raised.raisedAtMillis());
        assertThat(resolved.window())
                .isEqualTo(
                        new AlertWindow(
                                firstHold * 10L, resolveAt * 10L, resolveAt - firstHold + 1));
        assertThat(resolved.alertId()).isEqualTo("digits/ACCURACY_DROP/acc#1/resolved");
        assertThat(resolved.message())
                .isEqualTo(
                        "Resolved digits/ACCURACY_DROP/acc: the condition was clear on 200"
                                + " consecutive checks (2000 ms of event time since it last held)."
                                + " value below threshold at "
                                + resolveAt
                                + ".");
    }

    @Test
    void withoutHysteresisTheSameFlappingWouldStorm() {
        // the contrast that justifies the latch: clearAfter 1 resolves on every clear check
        boolean[] holds = flapping(1);
        List<Alert> events =
                feed(new AlertLatch(KEY, new HysteresisConfig(1, 1, 0)), holds, 0, holds.length);
        assertThat(events.size()).isGreaterThan(500);
    }

    @Test
    void raiseAfterNeedsConsecutiveHolds() {
        boolean[] holds = new boolean[100];
        for (int t = 10; t < 60; t += 2) {
            holds[t] = true; // every other check: never 3 in a row
        }
        holds[70] = holds[71] = holds[72] = true;
        AlertLatch latch = new AlertLatch(KEY, new HysteresisConfig(3, 10, 0));
        List<Alert> events = feed(latch, holds, 0, 100);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).raisedAtMillis()).isEqualTo(1_000_000 + 72);
        assertThat(events.get(0).window()).isEqualTo(new AlertWindow(700, 720, 3));
        assertThat(events.get(1).resolvedAtMillis()).hasValue(1_000_000 + 82);
    }

    @Test
    void clearAfterMillisAlsoWaitsForEventTime() {
        // checks every 10 ms of event time; clear after 5 checks AND 200 ms: 20 checks
        boolean[] holds = new boolean[100];
        holds[5] = true;
        List<Alert> events =
                feed(new AlertLatch(KEY, new HysteresisConfig(1, 5, 200)), holds, 0, 100);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).resolvedAtMillis()).hasValue(1_000_000 + 25);
    }

    @Test
    void secondEpisodeGetsTheNextSequenceNumber() {
        boolean[] holds = new boolean[100];
        holds[5] = true;
        holds[50] = true;
        List<Alert> events =
                feed(new AlertLatch(KEY, new HysteresisConfig(1, 10, 0)), holds, 0, 100);
        assertThat(events)
                .extracting(Alert::alertId)
                .containsExactly(
                        "digits/ACCURACY_DROP/acc#1/raised",
                        "digits/ACCURACY_DROP/acc#1/resolved",
                        "digits/ACCURACY_DROP/acc#2/raised",
                        "digits/ACCURACY_DROP/acc#2/resolved");
    }

    @Test
    void restoredLatchContinuesTheOpenEpisode() {
        boolean[] holds = flapping(2);
        AlertLatch original = new AlertLatch(KEY, new HysteresisConfig(2, 150, 0));
        List<Alert> before = feed(original, holds, 0, 2000);
        assertThat(original.raised()).isTrue();
        AlertLatchState state =
                AlertStateCodec.decodeLatch(AlertStateCodec.encode(original.snapshot()));
        assertThat(state).isEqualTo(original.snapshot());
        AlertLatch restored = AlertLatch.restore(state);
        List<Alert> after = feed(restored, holds, 2000, holds.length);
        List<Alert> reference = feed(original, holds, 2000, holds.length);
        assertThat(after).isEqualTo(reference);
        assertThat(before).extracting(Alert::status).containsExactly(AlertStatus.RAISED);
        assertThat(after).extracting(Alert::status).containsExactly(AlertStatus.RESOLVED);
    }

    @Test
    void trackerKeepsOneLatchPerKey() {
        ConditionTracker tracker = new ConditionTracker(new HysteresisConfig(1, 5, 0));
        AlertKey a = new AlertKey("m", AlertType.DRIFT, "adwin");
        AlertKey b = new AlertKey("m", AlertType.DRIFT, "ddm");
        assertThat(tracker.observe(a, check(true, 1))).isPresent();
        assertThat(tracker.observe(a, check(true, 2))).isEmpty();
        assertThat(tracker.observe(b, check(false, 2))).isEmpty();
        assertThat(tracker.open()).containsExactly("m/DRIFT/adwin");
        ConditionTracker restored =
                ConditionTracker.restore(
                        AlertStateCodec.decodeTracker(AlertStateCodec.encode(tracker.snapshot())));
        assertThat(restored.snapshot()).isEqualTo(tracker.snapshot());
        for (int t = 3; t < 7; t++) {
            assertThat(restored.observe(a, check(false, t))).isEmpty();
        }
        assertThat(restored.observe(a, check(false, 7)).orElseThrow().status())
                .isEqualTo(AlertStatus.RESOLVED);
    }

    @Test
    void recordsValidateNamingFieldAndValue() {
        assertThatThrownBy(() -> new HysteresisConfig(0, 1, 0))
                .hasMessage("raiseAfter must be >= 1, got 0");
        assertThatThrownBy(() -> new HysteresisConfig(1, 0, 0))
                .hasMessage("clearAfter must be >= 1, got 0");
        assertThatThrownBy(() -> new AlertKey(" ", AlertType.DRIFT, "adwin"))
                .hasMessage("modelId must not be blank, got ' '");
        assertThatThrownBy(() -> new AlertWindow(10, 5, 1))
                .hasMessage("endMillis must be >= startMillis 10, got 5");
    }

    private static int indexOf(boolean[] a, boolean v, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(boolean[] a, boolean v) {
        for (int i = a.length - 1; i >= 0; i--) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
