package io.protoflow.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.core.drift.AdwinConfig;
import io.protoflow.core.drift.AdwinDetector;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AlertStateCodecTest {

    /**
     * The monitor kept as golden bytes: ADWIN on a fixed error stream with one drift, with the
     * ADWIN defaults of the time (drift-state format 1: a test after every value).
     */
    static DriftAlertMonitor goldenMonitor() {
        DriftAlertMonitor m =
                new DriftAlertMonitor(
                        "golden",
                        new AdwinDetector(AdwinConfig.everyValue()),
                        DriftAlertConfig.forErrorRate("adwin"));
        Random random = new Random(5);
        for (int i = 0; i < 3000; i++) {
            double rate = i < 2000 ? 0.1 : 0.6;
            m.update(random.nextDouble() < rate ? 1 : 0, 1000L * i, 2000L * i, 1);
        }
        return m;
    }

    @Test
    void goldenVersion1BytesStillDecodeAndTheMonitorRoundTrips() throws IOException {
        byte[] golden;
        try (InputStream in =
                getClass().getResourceAsStream("/golden/alert-state-drift-monitor.v1.bin")) {
            assertThat(in).as("golden file").isNotNull();
            golden = in.readAllBytes();
        }
        DriftAlertMonitor expected = goldenMonitor();
        assertThat(expected.raised()).isTrue();
        assertThat(AlertStateCodec.decodeDriftMonitor(golden)).isEqualTo(expected.snapshot());
        // the embedded detector state is written in the newer drift-state format now
        assertThat(AlertStateCodec.decodeDriftMonitor(AlertStateCodec.encode(expected.snapshot())))
                .isEqualTo(expected.snapshot());
    }

    @Test
    void refusesBytesOfAnotherKindOrNewerVersion() {
        byte[] latch =
                AlertStateCodec.encode(
                        new AlertLatch(
                                        new AlertKey("m", AlertType.DRIFT, "adwin"),
                                        HysteresisConfig.defaults())
                                .snapshot());
        assertThatThrownBy(() -> AlertStateCodec.decodeOodRate(latch))
                .hasMessage("these bytes hold a 'latch' alert state, not 'ood-rate'");
        byte[] newer = latch.clone();
        newer[7] = 9;
        assertThatThrownBy(() -> AlertStateCodec.decodeLatch(newer))
                .hasMessage("unknown alert state format version 9, this build reads up to 1");
    }
}
