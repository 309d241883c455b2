package io.protoflow.bench.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureSpaceTest {

    /** Rows stretched along (1, 1, 0) with little spread elsewhere. */
    private static List<float[]> stretched(long seed, int n) {
        Random random = new Random(seed);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double t = random.nextGaussian() * 10;
            rows.add(
                    new float[] {
                        (float) (t + random.nextGaussian() * 0.1),
                        (float) (t + random.nextGaussian() * 0.1),
                        (float) (random.nextGaussian() * 0.1)
                    });
        }
        return rows;
    }

    private static List<String> labels(int n) {
        return Collections.nCopies(n, "a");
    }

    @Test
    void pcaProjectsOnTheDominantAxis() {
        List<float[]> rows = stretched(5L, 500);
        FeatureSpace space = FeatureSpace.fit("pca:1", rows, labels(500), 3, 1L);

        assertThat(space.dimension()).isEqualTo(1);
        // moving along (1, 1, 0) by sqrt(2) moves the projection by 2 / sqrt(2) * sqrt(2) = 2
        float a = space.apply(new float[] {0, 0, 0})[0];
        float b = space.apply(new float[] {1, 1, 0})[0];
        float c = space.apply(new float[] {0, 0, 1})[0];
        assertThat(Math.abs(b - a)).isCloseTo((float) Math.sqrt(2), within(1e-2f));
        assertThat(Math.abs(c - a)).isLessThan(0.05f);
    }

    @Test
    void stepsComposeInOrder() {
        List<float[]> rows = stretched(6L, 200);
        FeatureSpace l2 = FeatureSpace.fit("l2", rows, labels(200), 3, 1L);
        FeatureSpace rf = FeatureSpace.fit("l2,rf:16", rows, labels(200), 3, 1L);

        float[] unit = l2.apply(new float[] {3, 4, 0});
        assertThat(unit).containsExactly(0.6f, 0.8f, 0f);
        assertThat(rf.dimension()).isEqualTo(16);
        assertThat(rf.apply(new float[] {3, 4, 0})).isEqualTo(rf.apply(new float[] {6, 8, 0}));
    }

    @Test
    void withinClassWhiteningMakesEachClassIsotropic() {
        Random random = new Random(9L);
        List<float[]> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            boolean first = i % 2 == 0;
            rows.add(
                    new float[] {
                        (float) ((first ? 0 : 50) + random.nextGaussian() * 10),
                        (float) (random.nextGaussian() * 1)
                    });
            labels.add(first ? "a" : "b");
        }
        FeatureSpace space = FeatureSpace.fit("within", rows, labels, 2, 1L);
        double[] var = new double[2];
        for (int i = 0; i < rows.size(); i += 2) {
            float[] y = space.apply(rows.get(i));
            float[] o = space.apply(new float[] {0, 0});
            var[0] += Math.pow(y[0] - o[0], 2);
            var[1] += Math.pow(y[1] - o[1], 2);
        }
        // raw within-class variances 100 and 1; shrunk W = diag(0.9 * 100 + 5.05, 0.9 + 5.05),
        // so the whitened variances are 100 / 95.05 and 1 / 5.95: ratio 6.25 instead of 100
        double ratio = Math.max(var[0], var[1]) / Math.min(var[0], var[1]);
        assertThat(ratio).isCloseTo(6.25, within(0.5));
    }

    @Test
    void invalidSpecsNameTheStep() {
        List<float[]> rows = stretched(7L, 10);
        assertThatThrownBy(() -> FeatureSpace.fit("pca:x", rows, labels(10), 3, 1L))
                .hasMessage("space step 'pca:x': P must be an integer >= 1, got x");
        assertThatThrownBy(() -> FeatureSpace.fit("pca:4", rows, labels(10), 3, 1L))
                .hasMessage("space step 'pca:4': P 4 exceeds 3");
        assertThatThrownBy(() -> FeatureSpace.fit("l2,blur", rows, labels(10), 3, 1L))
                .hasMessage(
                        "space step 'blur' is not one of raw, l2, pca:P[:whiten], within, rf:D");
    }
}
