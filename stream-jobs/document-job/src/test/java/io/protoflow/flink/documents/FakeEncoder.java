package io.protoflow.flink.documents;

import io.protoflow.encoder.TextEncoder;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A deterministic stand-in for the sentence encoder: each text maps to a unit vector seeded by its
 * hash, so tests know every vector without loading ONNX Runtime. A text containing {@code boom}
 * makes the call fail, one containing {@code nan} yields a non-finite vector, one containing {@code
 * zero} a zero vector. Every call's batch size is recorded in {@link #BATCHES}.
 */
final class FakeEncoder implements TextEncoder {

    static final int DIMENSION = 8;

    /** Sizes of the batches encoded, in call order, across all instances. */
    static final Queue<Integer> BATCHES = new ConcurrentLinkedQueue<>();

    static float[] vector(String text) {
        float[] v = new float[DIMENSION];
        if (text.contains("zero")) {
            return v;
        }
        Random random = new Random(text.hashCode());
        double norm = 0;
        for (int i = 0; i < DIMENSION; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < DIMENSION; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        if (text.contains("nan")) {
            v[3] = Float.NaN;
        }
        return v;
    }

    @Override
    public float[][] encode(List<String> texts) {
        BATCHES.add(texts.size());
        for (String t : texts) {
            if (t.contains("boom")) {
                throw new IllegalStateException("cannot encode '" + t + "'");
            }
        }
        return texts.stream().map(FakeEncoder::vector).toArray(float[][]::new);
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    @Override
    public String id() {
        return "fake-test";
    }

    @Override
    public void close() {}

    /** Opens fake encoders. */
    record Factory() implements EncoderFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public TextEncoder open() {
            return new FakeEncoder();
        }

        @Override
        public String id() {
            return "fake-test";
        }

        @Override
        public int dimension() {
            return DIMENSION;
        }
    }
}
