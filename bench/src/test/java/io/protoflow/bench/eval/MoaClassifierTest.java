package io.protoflow.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoaClassifierTest {

    private static final long SEED = 20261125L;
    private static final List<String> LABELS = List.of("a", "b", "c");
    private static final float[][] CENTERS = {{0, 0, 0, 0}, {3, 3, 0, 0}, {0, 3, 3, 3}};

    /** Three Gaussian blobs in 4-d, well separated; i.i.d. order. */
    private static EvalStream.Split blobs(int perClass, Random random) {
        int n = perClass * LABELS.size();
        float[][] x = new float[n][];
        String[] y = new String[n];
        for (int i = 0; i < n; i++) {
            int c = random.nextInt(LABELS.size());
            x[i] = new float[4];
            for (int j = 0; j < 4; j++) {
                x[i][j] = CENTERS[c][j] + (float) (0.5 * random.nextGaussian());
            }
            y[i] = LABELS.get(c);
        }
        return new EvalStream.Split(x, y);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nb", "knn:k=5,w=200", "ht"})
    void learnsATinyStreamWellAboveChance(String spec) {
        Random random = new Random(SEED);
        EvalStream.Split train = blobs(200, random);
        EvalStream.Split test = blobs(50, random);
        MoaClassifier moa = MoaClassifier.create(spec, 4, LABELS);
        for (int i = 0; i < train.size(); i++) {
            moa.learn(train.x()[i], train.y()[i]);
        }
        int hits = 0;
        for (int i = 0; i < test.size(); i++) {
            if (test.y()[i].equals(moa.predict(test.x()[i]))) {
                hits++;
            }
        }
        double accuracy = (double) hits / test.size();
        assertThat(accuracy).as("accuracy of %s, seed %d", spec, SEED).isGreaterThan(0.8);
        assertThat(moa.name()).startsWith("moa:");
    }

    @Test
    void predictsNothingBeforeLearning() {
        assertThat(MoaClassifier.create("nb", 4, LABELS).predict(new float[4])).isNull();
    }

    @Test
    void rejectsUnknownLearnersLabelsAndOptions() {
        assertThatThrownBy(() -> MoaClassifier.create("svm", 4, LABELS))
                .hasMessageContaining("unknown MOA learner 'svm'");
        assertThatThrownBy(() -> MoaClassifier.create("knn:window=5", 4, LABELS))
                .hasMessageContaining("one-letter");
        assertThatThrownBy(() -> MoaClassifier.create("nb", 4, LABELS).learn(new float[4], "z"))
                .hasMessageContaining("'z' is not among the declared classes");
    }
}
