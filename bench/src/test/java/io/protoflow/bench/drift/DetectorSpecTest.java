package io.protoflow.bench.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DetectorSpecTest {

    /** Bernoulli errors whose rate steps up and down every 8,000 values; seeded. */
    private static double[] steppedErrors(long seed) {
        double[] rates = {0.1, 0.3, 0.15, 0.5, 0.2, 0.22, 0.6, 0.1};
        Random random = new Random(seed);
        double[] x = new double[rates.length * 8000];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble() < rates[i / 8000] ? 1 : 0;
        }
        return x;
    }

    private static List<Integer> detections(String spec, double[] x) {
        DetectorSpec.Running d = DetectorSpec.parse(spec).create();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (d.update(x[i])) {
                at.add(i);
            }
        }
        return at;
    }

    @Test
    void defaultAdwinReportsExactlyMoasAdwinDetections() {
        for (long seed = 1; seed <= 3; seed++) {
            double[] x = steppedErrors(seed);
            List<Integer> moa = detections("moa-adwin", x);
            assertThat(moa).as("seed %d", seed).hasSizeGreaterThanOrEqualTo(4);
            assertThat(detections("adwin:direction=increase", x))
                    .as("seed %d", seed)
                    .isEqualTo(moa);
        }
    }

    @Test
    void testingAfterEveryValueDetectsEarlierThanMoasClock() {
        double[] x = steppedErrors(1);
        List<Integer> moa = detections("moa-adwin", x);
        List<Integer> every =
                detections(
                        "adwin:direction=increase,checkEvery=1,minSubWindow=5,lengthDiscount=0", x);
        // the first detection of the 0.1 -> 0.3 step at 8,000
        assertThat(every.get(0)).isBetween(8000, moa.get(0) - 1);
    }
}
