package io.protoflow.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.core.drift.AdwinConfig;
import io.protoflow.core.drift.AdwinDetector;
import io.protoflow.core.drift.ChangeDirection;
import io.protoflow.core.drift.DdmDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftAlertMonitorTest {

    /** Prequential errors: rate 0.1, 0.4 from 10,000, back to 0.1 from 20,000. */
    private static double[] errors(long seed) {
        Random random = new Random(seed);
        double[] x = new double[30_000];
        for (int i = 0; i < x.length; i++) {
            double rate = i >= 10_000 && i < 20_000 ? 0.4 : 0.1;
            x[i] = random.nextDouble() < rate ? 1 : 0;
        }
        return x;
    }

    private static List<Alert> feed(DriftAlertMonitor m, double[] x, int from, int to) {
        List<Alert> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            m.update(x[i], 100L * i, 9_000_000L + i, 2).ifPresent(events::add);
        }
        return events;
    }

    private static DriftAlertMonitor adwinMonitor() {
        return new DriftAlertMonitor(
                "digits",
                new AdwinDetector(AdwinConfig.defaults().withDirection(ChangeDirection.INCREASE)),
                DriftAlertConfig.forErrorRate("adwin"));
    }

    @Test
    void errorRateDriftRaisesOneAlertWithTheNumbersAndResolvesOnce() {
        double[] x = errors(1);
        List<Alert> events = feed(adwinMonitor(), x, 0, x.length);

        assertThat(events)
                .extracting(Alert::status)
                .containsExactly(AlertStatus.RAISED, AlertStatus.RESOLVED);
        Alert raised = events.get(0);
        assertThat(raised.alertKey()).isEqualTo("digits/DRIFT/adwin");
        assertThat(raised.type()).isEqualTo(AlertType.DRIFT);
        assertThat(raised.severity()).isEqualTo(AlertSeverity.WARNING);
        long at = raised.raisedAtMillis() - 9_000_000L;
        assertThat(at).isBetween(10_000L, 10_300L);
        assertThat(raised.evidence().get("meanBefore")).isBetween(0.08, 0.12);
        assertThat(raised.evidence().get("meanAfter")).isGreaterThan(0.25);
        assertThat(raised.evidence().get("records")).isEqualTo((double) at + 1);
        assertThat(raised.window()).isEqualTo(new AlertWindow(0, 100 * at, at + 1));
        assertThat(raised.details())
                .containsEntry("detectorType", "adwin")
                .containsEntry("stream", "error rate");
        assertThat(raised.message())
                .startsWith(
                        "adwin detected a drift in the error rate of model 'digits' at value "
                                + (at + 1)
                                + ": meanBefore=0.")
                .contains("epsilon=");
        // the detector adapts at once; the alert resolves after 1000 quiet values
        assertThat(events.get(1).resolvedAtMillis().getAsLong() - 9_000_000L)
                .isBetween(at + 1000, at + 2500);
    }

    @Test
    void restoredMonitorContinuesExactlyThroughTheCodec() {
        double[] x = errors(2);
        DriftAlertMonitor original =
                new DriftAlertMonitor("m", new DdmDetector(), DriftAlertConfig.forErrorRate("ddm"));
        feed(original, x, 0, 12_000);
        DriftAlertMonitorState state =
                AlertStateCodec.decodeDriftMonitor(AlertStateCodec.encode(original.snapshot()));
        assertThat(state).isEqualTo(original.snapshot());
        DriftAlertMonitor restored = DriftAlertMonitor.restore(state);
        assertThat(feed(restored, x, 12_000, x.length))
                .isEqualTo(feed(original, x, 12_000, x.length));
        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
    }
}
