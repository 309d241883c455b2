package io.protoflow.search;

import io.protoflow.encoder.TextEncoder;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A 4-d stand-in for the sentence encoder: each known keyword points along one axis, so tests know
 * which documents a text is near without loading ONNX Runtime.
 */
final class KeywordEncoder implements TextEncoder {

    static final Map<String, float[]> AXES =
            Map.of(
                    "wing", new float[] {1, 0, 0, 0},
                    "shock", new float[] {0, 1, 0, 0},
                    "nozzle", new float[] {0, 0, 1, 0},
                    "heat", new float[] {0, 0, 0, 1});

    static float[] vector(String text) {
        float[] v = new float[4];
        for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
            float[] axis = AXES.get(word);
            if (axis != null) {
                for (int i = 0; i < 4; i++) {
                    v[i] += axis[i];
                }
            }
        }
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm == 0) {
            return new float[] {0.5f, 0.5f, 0.5f, 0.5f};
        }
        for (int i = 0; i < 4; i++) {
            v[i] /= (float) Math.sqrt(norm);
        }
        return v;
    }

    @Override
    public float[][] encode(List<String> texts) {
        return texts.stream().map(KeywordEncoder::vector).toArray(float[][]::new);
    }

    @Override
    public int dimension() {
        return 4;
    }

    @Override
    public String id() {
        return "keyword-test";
    }

    @Override
    public void close() {}
}
