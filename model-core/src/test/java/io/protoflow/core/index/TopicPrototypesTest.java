package io.protoflow.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopicPrototypesTest {

    /** Noisy copies of three orthogonal directions, interleaved. */
    private static List<float[]> threeClusters(long seed, int perCluster) {
        Random random = new Random(seed);
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < perCluster; i++) {
            for (int c = 0; c < 3; c++) {
                float[] v = new float[8];
                v[c] = 1;
                for (int d = 0; d < 8; d++) {
                    v[d] += (float) (0.1 * random.nextGaussian());
                }
                out.add(v);
            }
        }
        return out;
    }

    @Test
    void separatedClustersBecomeOneTopicEach() {
        TopicPrototypes topics = new TopicPrototypes(TopicConfig.defaults(), 8);
        List<float[]> data = threeClusters(7, 50);
        int[] assigned = new int[data.size()];
        for (int i = 0; i < data.size(); i++) {
            assigned[i] = topics.assign(data.get(i));
        }
        assertThat(topics.topicCount()).isEqualTo(3);
        for (int i = 0; i < data.size(); i++) {
            assertThat(assigned[i]).as("seed 7, record %d", i).isEqualTo(i % 3);
        }
        assertThat(topics.count(0)).isEqualTo(50);
        assertThat(topics.centre(1)[1]).isGreaterThan(0.95f);
        assertThat(topics.nearest(new float[] {0, 0, 1, 0, 0, 0, 0, 0})).isEqualTo(2);
    }

    @Test
    void atMaxTopicsNewDocumentsJoinTheNearestTopic() {
        TopicPrototypes topics = new TopicPrototypes(new TopicConfig(0.5, 2), 8);
        for (float[] v : threeClusters(3, 10)) {
            topics.assign(v);
        }
        assertThat(topics.topicCount()).isEqualTo(2);
        assertThat(topics.count(0) + topics.count(1)).isEqualTo(30);
    }

    @Test
    void restoredPrototypesContinueExactlyLikeTheOriginal() {
        List<float[]> data = threeClusters(11, 40);
        TopicPrototypes original = new TopicPrototypes(new TopicConfig(0.8, 10), 8);
        data.subList(0, 60).forEach(original::assign);
        TopicPrototypes restored = TopicPrototypes.restore(original.snapshot());
        for (float[] v : data.subList(60, 120)) {
            assertThat(restored.assign(v)).isEqualTo(original.assign(v));
        }
        assertThat(restored.snapshot().counts()).isEqualTo(original.snapshot().counts());
    }

    @Test
    void snapshotOfAnotherVersionIsRejected() {
        assertThatThrownBy(() -> new TopicState(2, TopicConfig.defaults(), 8, List.of(), List.of()))
                .hasMessage("unknown version 2, this build reads up to 1");
    }

    @Test
    void configRejectsOutOfRangeValues() {
        assertThatThrownBy(() -> new TopicConfig(1.0, 5))
                .hasMessage("minSimilarity must be in (-1, 1), got 1.0");
        assertThatThrownBy(() -> new TopicConfig(0.5, 0))
                .hasMessage("maxTopics must be >= 1, got 0");
    }
}
