package io.protoflow.stream.mapping;

import io.protoflow.core.learn.Prediction;
import io.protoflow.schemas.Example;
import io.protoflow.schemas.ScoredLabel;
import java.util.ArrayList;
import java.util.List;

/** Turns a core {@link Prediction} for an {@link Example} into the Avro prediction record. */
public final class PredictionMapper {

    private PredictionMapper() {}

    /**
     * Builds the prediction record.
     *
     * @param topK how many ranked labels to keep (>= 1)
     * @param modelVersion the last published snapshot version of the model, 0 before the first
     */
    public static io.protoflow.schemas.Prediction toAvro(
            Example example, Prediction prediction, int topK, long modelVersion, long predictedAt) {
        List<ScoredLabel> ranked = new ArrayList<>(Math.min(topK, prediction.ranked().size()));
        for (io.protoflow.core.learn.ScoredLabel s : prediction.topK(topK).ranked()) {
            ranked.add(new ScoredLabel(s.label(), s.score()));
        }
        return io.protoflow.schemas.Prediction.newBuilder()
                .setExampleId(example.getId())
                .setModelId(example.getModelId())
                .setModelVersion(modelVersion)
                .setEventTime(example.getEventTime())
                .setPredictedAt(java.time.Instant.ofEpochMilli(predictedAt))
                .setRanked(ranked)
                .setPredictedLabel(ranked.isEmpty() ? null : ranked.get(0).getLabel())
                .setLabel(example.getLabel())
                .setOodScore(null)
                .setOodFlag(false)
                .setMetadata(example.getMetadata())
                .build();
    }
}
