package io.protoflow.cli;

import io.protoflow.core.data.LabelledVector;
import io.protoflow.core.data.Stage;
import io.protoflow.encoder.jsonl.BadLine;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.Example;
import io.protoflow.stream.avro.AvroCodec;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.ExampleMapper;
import io.protoflow.stream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces a class-incremental dataset to the examples topic at a steady rate, stage after stage,
 * optionally mixing in poison records so the dead-letter path can be watched. For a text dataset it
 * first writes the file's unreadable lines to the dead-letter topic, as the learner job does with
 * unreadable records, and stamps each example with its text's event time.
 */
final class Replayer implements Runnable {

    /** Kinds of poison records, cycled through by {@code --inject-bad}. */
    static final List<String> POISON = List.of("garbage bytes", "wrong dimension", "NaN feature");

    private final Map<String, Object> producerConfig;
    private final String topic;
    private final String modelId;
    private final List<Stage> stages;
    private final double rate;
    private final int injectBad;
    private final String deadLetterTopic;
    private final TextReplay text;
    private final Map<String, Long> eventTimes;
    private final AvroCodec<Example> codec = AvroCodec.of(Example.class);
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong poisoned = new AtomicLong();
    private volatile int currentStage;
    private final AtomicBoolean done = new AtomicBoolean();
    private final AtomicBoolean stop = new AtomicBoolean();
    private volatile Throwable failure;

    Replayer(
            Map<String, Object> clientConfig,
            String topic,
            String modelId,
            List<Stage> stages,
            double rate,
            int injectBad) {
        this(clientConfig, topic, modelId, stages, rate, injectBad, null, null);
    }

    /**
     * A replay of encoded texts.
     *
     * @param deadLetterTopic where the text file's bad lines go
     * @param text the texts, or null for a vector dataset
     */
    Replayer(
            Map<String, Object> clientConfig,
            String topic,
            String modelId,
            List<Stage> stages,
            double rate,
            int injectBad,
            String deadLetterTopic,
            TextReplay text) {
        this.producerConfig = new HashMap<>(clientConfig);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.topic = topic;
        this.modelId = modelId;
        this.stages = stages;
        this.rate = rate;
        this.injectBad = injectBad;
        this.deadLetterTopic = deadLetterTopic;
        this.text = text;
        this.eventTimes = text == null ? Map.of() : text.eventTimes();
    }

    /** Examples this replay will write. */
    long examples() {
        return stages.stream().mapToLong(s -> s.rows().size()).sum();
    }

    /** Bad lines of the text file, written as dead letters before the examples. */
    int badLines() {
        return text == null ? 0 : text.badLines().size();
    }

    /** Total records this replay will write: examples, the text file's bad lines and poison. */
    long total() {
        return examples() + badLines() + injectBad;
    }

    @Override
    public void run() {
        long valid = examples();
        // Spread the poison evenly through the stream, after the first valid record (which fixes
        // the model's dimension).
        long poisonEvery = injectBad == 0 ? Long.MAX_VALUE : Math.max(1, valid / (injectBad + 1));
        long startNanos = System.nanoTime();
        long baseTime = System.currentTimeMillis();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(
                        producerConfig, new StringSerializer(), new ByteArraySerializer())) {
            Future<RecordMetadata> last = null;
            if (text != null) {
                for (BadLine bad : text.badLines()) {
                    DeadLetter d = deadLetter(bad);
                    last =
                            producer.send(
                                    new ProducerRecord<>(
                                            deadLetterTopic,
                                            DeadLetters.key(d),
                                            Topics.DEAD_LETTERS.codec().encode(d)));
                    produced.incrementAndGet();
                }
            }
            long n = 0;
            for (Stage stage : stages) {
                currentStage = stage.index() + 1;
                for (LabelledVector row : stage.rows()) {
                    if (stop.get()) {
                        return;
                    }
                    pace(startNanos, produced.get());
                    Example example =
                            example(
                                    row.id(),
                                    row.features(),
                                    row.label(),
                                    eventTimes.getOrDefault(row.id(), baseTime + n),
                                    stage.index() + 1);
                    last =
                            producer.send(
                                    new ProducerRecord<>(topic, row.id(), codec.encode(example)));
                    produced.incrementAndGet();
                    n++;
                    if (n % poisonEvery == 0 && poisoned.get() < injectBad) {
                        last = producer.send(poison(row, baseTime + n, (int) poisoned.get()));
                        poisoned.incrementAndGet();
                        produced.incrementAndGet();
                    }
                }
            }
            producer.flush();
            if (last != null) {
                last.get();
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            done.set(true);
        }
    }

    private ProducerRecord<String, byte[]> poison(LabelledVector row, long time, int k) {
        String id = "poison-" + k;
        byte[] value =
                switch (POISON.get(k % POISON.size())) {
                    case "garbage bytes" -> "this is not Avro".getBytes(StandardCharsets.UTF_8);
                    case "wrong dimension" ->
                            codec.encode(
                                    example(
                                            id,
                                            new float[row.features().length + 1],
                                            row.label(),
                                            time,
                                            0));
                    default -> {
                        float[] x = row.features().clone();
                        x[0] = Float.NaN;
                        yield codec.encode(example(id, x, row.label(), time, 0));
                    }
                };
        return new ProducerRecord<>(topic, id, value);
    }

    private Example example(String id, float[] x, String label, long time, int stage) {
        Map<String, String> metadata =
                text == null
                        ? Map.of("stage", Integer.toString(stage))
                        : Map.of("stage", Integer.toString(stage), "encoder", text.encoderId());
        return Example.newBuilder()
                .setId(id)
                .setModelId(modelId)
                .setEventTime(Instant.ofEpochMilli(time))
                .setFeatures(ExampleMapper.boxed(x))
                .setLabel(label)
                .setMetadata(metadata)
                .build();
    }

    /**
     * A bad line as the learner job would dead-letter a bad record: the file stands for the source
     * topic and the line number for the offset, so the key {@code jsonl:FILE/0/LINE} points at it.
     */
    private DeadLetter deadLetter(BadLine bad) {
        return DeadLetters.of(
                "jsonl:" + text.file(),
                0,
                bad.line(),
                -1,
                null,
                bad.raw(),
                bad.errorClass(),
                text.file().getFileName() + " " + bad.reason(),
                "read",
                "protoflow-local-replay",
                modelId,
                System.currentTimeMillis());
    }

    /** Rate limiting: wait until the schedule allows record number {@code sent}. */
    private void pace(long startNanos, long sent) {
        if (rate <= 0) {
            return;
        }
        long due = startNanos + (long) (sent * 1e9 / rate);
        long wait;
        while ((wait = due - System.nanoTime()) > 0 && !stop.get()) {
            LockSupport.parkNanos(wait);
        }
    }

    long produced() {
        return produced.get();
    }

    /** The stage being replayed, from 1; 0 before the replay starts. */
    int currentStage() {
        return currentStage;
    }

    List<Stage> stages() {
        return stages;
    }

    long poisoned() {
        return poisoned.get();
    }

    boolean isDone() {
        return done.get();
    }

    Throwable failure() {
        return failure;
    }

    void stop() {
        stop.set(true);
    }
}
