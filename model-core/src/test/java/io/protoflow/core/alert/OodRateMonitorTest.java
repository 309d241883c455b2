package io.protoflow.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class OodRateMonitorTest {

    private static List<Alert> run(
            OodRateMonitor m, long seed, int length, IntToDoubleFunction rate) {
        return run(m, seed, 0, length, rate);
    }

    private static List<Alert> run(
            OodRateMonitor m, long seed, int from, int to, IntToDoubleFunction rate) {
        Random random = new Random(seed * 1_000_003 + from);
        List<Alert> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            boolean ood = random.nextDouble() < rate.applyAsDouble(i);
            m.update(ood, 1000L * i, 5_000_000L + i, 7).ifPresent(events::add);
        }
        return events;
    }

    @Test
    void risingOodRateRaisesOnceWithTheNumbersAndResolvesOnceAfterItReturns() {
        OodRateMonitor m = new OodRateMonitor("digits", OodRateConfig.defaults(0.05));
        List<Alert> events = run(m, 1, 30_000, i -> i >= 10_000 && i < 20_000 ? 0.25 : 0.05);

        assertThat(events)
                .extracting(Alert::status)
                .containsExactly(AlertStatus.RAISED, AlertStatus.RESOLVED);
        Alert raised = events.get(0);
        assertThat(raised.type()).isEqualTo(AlertType.OOD_RATE);
        assertThat(raised.detector()).isEqualTo("ood-rate");
        assertThat(raised.alertKey()).isEqualTo("digits/OOD_RATE/ood-rate");
        assertThat(raised.modelVersion()).isEqualTo(7);
        assertThat(raised.raisedAtMillis() - 5_000_000L).isBetween(10_000L, 10_200L);
        assertThat(raised.evidence().get("oodRate")).isGreaterThan(0.1);
        assertThat(raised.evidence().get("threshold")).isCloseTo(0.1, within(1e-12));
        assertThat(raised.evidence().get("pValue")).isLessThanOrEqualTo(0.001);
        assertThat(raised.evidence().get("windowRecords")).isEqualTo(500.0);
        assertThat(raised.window().records()).isEqualTo(500);
        assertThat(raised.window().endMillis() - raised.window().startMillis()).isEqualTo(499_000);
        assertThat(raised.message())
                .startsWith("OOD rate 0.")
                .contains(
                        "over the last 500 records of model 'digits' is above 2.0 x the target rate 0.050");
        Alert resolved = events.get(1);
        // resolved after a full window of clear checks once the rate returned at 20,000
        assertThat(resolved.resolvedAtMillis().getAsLong() - 5_000_000L)
                .isBetween(20_400L, 21_500L);
        assertThat(resolved.evidence().get("oodRate")).isLessThanOrEqualTo(0.1);
    }

    @Test
    void rateHoveringAroundTheThresholdRaisesOnceAndResolvesOnce() {
        // the true rate is 1.1 x the threshold for 20,000 records, so the window's rate crosses the
        // threshold back and forth; resolving only after 4 clear windows (2000 records) keeps it
        // one episode (with the default of one window it resolved and re-raised twice)
        OodRateConfig config =
                OodRateConfig.defaults(0.05).withHysteresis(new HysteresisConfig(1, 2000, 0));
        for (long seed = 2; seed < 6; seed++) {
            OodRateMonitor m = new OodRateMonitor("m", config);
            List<Alert> events = run(m, seed, 40_000, i -> i >= 5_000 && i < 25_000 ? 0.11 : 0.05);
            assertThat(events)
                    .as("seed %d", seed)
                    .extracting(Alert::status)
                    .containsExactly(AlertStatus.RAISED, AlertStatus.RESOLVED);
            assertThat(events.get(1).resolvedAtMillis().getAsLong() - 5_000_000L)
                    .isGreaterThan(25_000L);
        }
    }

    @Test
    void noAlertOverAHundredThousandRecordsAtTheTargetRate() {
        OodRateMonitor m = new OodRateMonitor("m", OodRateConfig.defaults(0.05));
        assertThat(run(m, 3, 100_000, i -> 0.05)).isEmpty();
        assertThat(m.rate()).isCloseTo(0.05, within(0.03));
    }

    @Test
    void severityIsCriticalWhenTheRateIsFourTimesTheTargetAtTheRaise() {
        // severity is fixed when the alert is raised: a window that is already at 10 x the target
        OodRateMonitor m = new OodRateMonitor("m", OodRateConfig.defaults(0.05));
        List<Alert> events = run(m, 4, 3000, i -> 0.5);
        assertThat(events.get(0).severity()).isEqualTo(AlertSeverity.CRITICAL);
        OodRateMonitor mild = new OodRateMonitor("m", OodRateConfig.defaults(0.05));
        assertThat(run(mild, 4, 6000, i -> i < 1000 ? 0.05 : 0.14).get(0).severity())
                .isEqualTo(AlertSeverity.WARNING);
    }

    @Test
    void binomialTailIsExact() {
        // brute force with BigDecimal-free recursion on n = 40, p = 0.1
        BinomialTail tail = new BinomialTail(40);
        double[] pmf = new double[41];
        pmf[0] = Math.pow(0.9, 40);
        for (int k = 1; k <= 40; k++) {
            pmf[k] = pmf[k - 1] * (40 - k + 1) / k * 0.1 / 0.9;
        }
        for (int k = 0; k <= 40; k += 5) {
            double expected = 0;
            for (int j = k; j <= 40; j++) {
                expected += pmf[j];
            }
            assertThat(tail.upper(k, 0.1)).isCloseTo(expected, within(1e-12 + 1e-9 * expected));
        }
        assertThat(tail.upper(41, 0.1)).isZero();
    }

    @Test
    void restoredMonitorContinuesExactly() {
        OodRateMonitor original = new OodRateMonitor("m", OodRateConfig.defaults(0.05));
        IntToDoubleFunction rate = i -> i >= 3000 && i < 6000 ? 0.3 : 0.05;
        List<Alert> first = run(original, 5, 0, 4000, rate);
        OodRateMonitorState state =
                AlertStateCodec.decodeOodRate(AlertStateCodec.encode(original.snapshot()));
        assertThat(state).isEqualTo(original.snapshot());
        OodRateMonitor restored = OodRateMonitor.restore(state);
        List<Alert> a = run(original, 5, 4000, 9000, rate);
        List<Alert> b = run(restored, 5, 4000, 9000, rate);
        assertThat(b).isEqualTo(a);
        assertThat(first).extracting(Alert::status).containsExactly(AlertStatus.RAISED);
        assertThat(a).extracting(Alert::status).containsExactly(AlertStatus.RESOLVED);
    }

    @Test
    void configNamesFieldAndValue() {
        assertThatThrownBy(() -> OodRateConfig.defaults(0))
                .hasMessage("targetRate must be in (0, 1), got 0.0");
        assertThatThrownBy(
                        () ->
                                new OodRateConfig(
                                        0.05, 500, 1.0, 0.001, 4, HysteresisConfig.defaults()))
                .hasMessage("factor must be finite and > 1, got 1.0");
    }
}
