package io.protoflow.core.learn;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints single-thread prequential (predict then learn) throughput; asserts nothing. Run with
 * {@code mvn -pl model-core -am verify -Dtest=LearnerThroughputTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dprotoflow.timing=true} (add {@code
 * -Dprotoflow.kernels=scalar} for the scalar kernels). JMH numbers belong in {@code bench/}.
 */
@EnabledIfSystemProperty(named = "protoflow.timing", matches = "true")
class LearnerThroughputTest {

    @Test
    void printPrequentialThroughputAtD784C10() {
        int d = 784;
        int classes = 10;
        Random random = new Random(5);
        float[][] xs = new float[4096][d];
        String[] labels = new String[xs.length];
        for (int k = 0; k < xs.length; k++) {
            int c = random.nextInt(classes);
            for (int i = 0; i < d; i++) {
                xs[k][i] = (float) (random.nextGaussian() + (i % classes == c ? 1 : 0));
            }
            labels[k] = "c" + c;
        }
        System.out.println("kernels: " + io.protoflow.core.linalg.Kernels.get().name());
        for (int round = 0; round < 3; round++) {
            time("ncm", Learners.create("ncm", d, Map.of()), xs, labels, 40_000);
            time(
                    "streaming-lda",
                    Learners.create("streaming-lda", d, Map.of()),
                    xs,
                    labels,
                    40_000);
            time(
                    "random-features(2048)+streaming-lda",
                    Learners.create("random-features", d, Map.of("outputDimension", "2048")),
                    xs,
                    labels,
                    8_000);
        }
    }

    static void time(String name, Learner learner, float[][] xs, String[] labels, int n) {
        java.lang.management.ThreadMXBean mx =
                java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        int correct = 0;
        for (int k = 0; k < n; k++) {
            int j = k % xs.length;
            Prediction p = learner.predict(xs[j]);
            if (!p.isEmpty() && p.top().orElseThrow().label().equals(labels[j])) {
                correct++;
            }
            learner.learn(xs[j], labels[j]);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
        System.out.printf(
                "%-36s d=%d: %,.0f learn+predict/s wall, %,.0f per CPU-second (%d examples,"
                        + " accuracy %.3f)%n",
                name, learner.dimension(), n / seconds, n / cpuSeconds, n, correct / (double) n);
    }
}
