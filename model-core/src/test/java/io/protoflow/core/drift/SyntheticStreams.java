package io.protoflow.core.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;

/** Seeded synthetic scalar streams and the bookkeeping of drift tests. */
final class SyntheticStreams {

    private SyntheticStreams() {}

    /** 0/1 error indicators with rate {@code rate(i)} at position i. */
    static double[] bernoulli(long seed, int length, IntToDoubleFunction rate) {
        Random random = new Random(seed);
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextDouble() < rate.applyAsDouble(i) ? 1 : 0;
        }
        return x;
    }

    /** Gaussian scores with unit variance and mean {@code mean(i)}. */
    static double[] gaussian(long seed, int length, IntToDoubleFunction mean) {
        Random random = new Random(seed);
        double[] x = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = random.nextGaussian() + mean.applyAsDouble(i);
        }
        return x;
    }

    /** Positions where the detector reported DRIFT. */
    static List<Integer> drifts(DriftDetector d, double[] stream) {
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            if (d.update(stream[i]) == DriftState.DRIFT) {
                at.add(i);
            }
        }
        return at;
    }

    /** Delay from {@code change} to the first drift at or after it; -1 if none. */
    static int delay(List<Integer> drifts, int change) {
        for (int at : drifts) {
            if (at >= change) {
                return at - change;
            }
        }
        return -1;
    }

    /** Delays of a fresh detector per seed on streams from {@code stream}; -1 for a miss. */
    static List<Integer> delays(
            Supplier<DriftDetector> detector, int seeds, StreamOfSeed stream, int change) {
        List<Integer> delays = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            delays.add(delay(drifts(detector.get(), stream.of(s)), change));
        }
        return delays;
    }

    /** A stream as a function of its seed. */
    interface StreamOfSeed {
        double[] of(long seed);
    }

    static double mean(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
    }
}
