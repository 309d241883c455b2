package io.protoflow.core.learn;

import io.protoflow.core.learn.SyntheticStream.Example;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded few-shot class-incremental stage: base classes ("b0"..) with many examples, then new
 * classes ("n0"..) with 1 to 5 examples each, and a held-out test set. Every new class mean lies
 * between two base class means (their midpoint plus a small offset), so new classes share structure
 * with base classes, as in the benchmarks TEEN was designed for.
 *
 * @param train the base examples (shuffled) followed by the few shots of the new classes
 * @param test held-out examples of all classes
 * @param newClasses the labels of the new classes
 */
record FewShotStage(List<Example> train, List<Example> test, List<String> newClasses) {

    static final int DIMENSION = 32;

    static FewShotStage generate(long seed, int baseClasses, int newClasses, double noise) {
        Random random = new Random(seed);
        double[][] base = new double[baseClasses][DIMENSION];
        for (double[] mu : base) {
            for (int i = 0; i < DIMENSION; i++) {
                mu[i] = random.nextGaussian() * 5.0;
            }
        }
        double[][] novel = new double[newClasses][DIMENSION];
        for (double[] mu : novel) {
            int a = random.nextInt(baseClasses);
            int b = (a + 1 + random.nextInt(baseClasses - 1)) % baseClasses;
            for (int i = 0; i < DIMENSION; i++) {
                mu[i] = 0.5 * (base[a][i] + base[b][i]) + random.nextGaussian() * 0.5;
            }
        }
        List<Example> train = new ArrayList<>();
        for (int j = 0; j < 200 * baseClasses; j++) {
            int k = j % baseClasses;
            train.add(sample(random, base[k], noise, "b" + k));
        }
        java.util.Collections.shuffle(train, random);
        List<String> labels = new ArrayList<>();
        for (int k = 0; k < newClasses; k++) {
            labels.add("n" + k);
            int shots = 1 + random.nextInt(5);
            for (int s = 0; s < shots; s++) {
                train.add(sample(random, novel[k], noise, "n" + k));
            }
        }
        List<Example> test = new ArrayList<>();
        for (int j = 0; j < 100; j++) {
            for (int k = 0; k < baseClasses; k++) {
                test.add(sample(random, base[k], noise, "b" + k));
            }
            for (int k = 0; k < newClasses; k++) {
                test.add(sample(random, novel[k], noise, "n" + k));
            }
        }
        return new FewShotStage(List.copyOf(train), List.copyOf(test), List.copyOf(labels));
    }

    private static Example sample(Random random, double[] mu, double noise, String label) {
        float[] x = new float[mu.length];
        for (int i = 0; i < mu.length; i++) {
            x[i] = (float) (mu[i] + random.nextGaussian() * noise);
        }
        return new Example(x, label);
    }
}
