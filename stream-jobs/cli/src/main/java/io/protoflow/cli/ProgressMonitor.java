package io.protoflow.cli;

import io.protoflow.core.eval.PrequentialAccuracy;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.ModelSnapshot;
import io.protoflow.schemas.Prediction;
import io.protoflow.stream.BadRecordException;
import io.protoflow.stream.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches the job's committed outputs (predictions, snapshots, dead letters) from the offsets at
 * which this run started, and keeps the tallies that the live progress line and the summary show.
 * Reads with {@code read_committed}: what it counts is what any downstream consumer sees.
 */
final class ProgressMonitor implements AutoCloseable {

    /** Stage names are numbers ("1", "2", ... "10"): order them as numbers, others after. */
    private static final Comparator<String> STAGE_ORDER =
            Comparator.comparing((String s) -> !s.matches("\\d{1,9}"))
                    .thenComparing(s -> s.matches("\\d{1,9}") ? Integer.parseInt(s) : 0)
                    .thenComparing(Comparator.naturalOrder());

    private final KafkaConsumer<String, byte[]> consumer;
    private final String predictionsTopic;
    private final String snapshotsTopic;
    private final String deadLettersTopic;
    private final PrequentialAccuracy accuracy = new PrequentialAccuracy(200);
    private final Map<String, PrequentialAccuracy> byStage = new TreeMap<>(STAGE_ORDER);
    private final Map<String, List<String>> stageClasses = new TreeMap<>(STAGE_ORDER);
    private final Map<String, Long> deadLettersByClass = new TreeMap<>();
    private long predictions;
    private long lastPredictionNanos;
    private long deadLetters;
    private ModelSnapshot latest;

    ProgressMonitor(Map<String, Object> clientConfig, String topicPrefix) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 32 * 1024 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        this.consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.predictionsTopic = topicPrefix + Topics.PREDICTIONS.name();
        this.snapshotsTopic = topicPrefix + Topics.MODEL_SNAPSHOTS.name();
        this.deadLettersTopic = topicPrefix + Topics.DEAD_LETTERS.name();
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(predictionsTopic, snapshotsTopic, deadLettersTopic)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        // Start at the current end: earlier runs' outputs on a reused broker are not this run's.
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Reads whatever has been committed since the last call, waiting at most {@code timeout}. */
    void poll(Duration timeout) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            try {
                if (r.topic().equals(predictionsTopic)) {
                    onPrediction(Topics.PREDICTIONS.codec().decode(r.value()));
                } else if (r.topic().equals(snapshotsTopic)) {
                    latest = Topics.MODEL_SNAPSHOTS.codec().decode(r.value());
                } else {
                    DeadLetter d = Topics.DEAD_LETTERS.codec().decode(r.value());
                    deadLetters++;
                    deadLettersByClass.merge(d.getErrorClass(), 1L, Long::sum);
                }
            } catch (BadRecordException e) {
                deadLettersByClass.merge("unreadable output", 1L, Long::sum);
            }
        }
    }

    /** True once every partition has been read up to its last committed offset. */
    boolean caughtUp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void onPrediction(Prediction p) {
        predictions++;
        lastPredictionNanos = System.nanoTime();
        if (p.getLabel() == null) {
            return;
        }
        accuracy.record(p.getLabel(), p.getPredictedLabel());
        String stage = p.getMetadata().getOrDefault("stage", "?");
        byStage.computeIfAbsent(stage, s -> new PrequentialAccuracy(200))
                .record(p.getLabel(), p.getPredictedLabel());
        List<String> classes = stageClasses.computeIfAbsent(stage, s -> new ArrayList<>());
        if (!classes.contains(p.getLabel())) {
            classes.add(p.getLabel());
        }
    }

    long predictions() {
        return predictions;
    }

    /** {@link System#nanoTime()} when the last prediction was read, 0 before the first. */
    long lastPredictionNanos() {
        return lastPredictionNanos;
    }

    long deadLetters() {
        return deadLetters;
    }

    PrequentialAccuracy accuracy() {
        return accuracy;
    }

    Map<String, PrequentialAccuracy> byStage() {
        return byStage;
    }

    Map<String, List<String>> stageClasses() {
        return stageClasses;
    }

    Map<String, Long> deadLettersByClass() {
        return deadLettersByClass;
    }

    /** The newest snapshot seen, or null. */
    ModelSnapshot latestSnapshot() {
        return latest;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
