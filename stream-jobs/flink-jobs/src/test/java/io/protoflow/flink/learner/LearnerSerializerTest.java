package io.protoflow.flink.learner;

import static org.assertj.core.api.Assertions.assertThat;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.NearestClassMean;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class LearnerSerializerTest {

    private static Learner trained() {
        Learner l = new NearestClassMean(3, NearestClassMean.Metric.EUCLIDEAN);
        l.learn(new float[] {0, 0, 1}, "a");
        l.learn(new float[] {5, 5, 5}, "b");
        return l;
    }

    @Test
    void serializedLearnerRestoresWithTheSameState() throws Exception {
        Learner original = trained();
        DataOutputSerializer out = new DataOutputSerializer(64);
        LearnerSerializer.INSTANCE.serialize(original, out);
        Learner back =
                LearnerSerializer.INSTANCE.deserialize(
                        new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(back.snapshot()).isEqualTo(original.snapshot());
    }

    @Test
    void copyIsDeepSoCopyOnWriteSnapshotsStayIntact() {
        Learner original = trained();
        Learner copy = LearnerSerializer.INSTANCE.copy(original);
        original.learn(new float[] {9, 9, 9}, "c");
        assertThat(copy.classes()).containsExactly("a", "b");
        assertThat(copy.examplesSeen()).isEqualTo(2);
    }

    @Test
    void serializerSnapshotRestoresAnEqualSerializer() {
        assertThat(LearnerSerializer.INSTANCE.snapshotConfiguration().restoreSerializer())
                .isEqualTo(LearnerSerializer.INSTANCE);
    }
}
