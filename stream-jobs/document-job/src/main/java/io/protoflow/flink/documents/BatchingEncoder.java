package io.protoflow.flink.documents;

import io.protoflow.encoder.TextEncoder;
import io.protoflow.stream.mapping.DeadLetters;
import io.protoflow.stream.mapping.DocumentMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Encodes document texts in micro-batches inside Flink's async I/O operator: each upsert joins the
 * open batch, which is encoded on this subtask's encoder thread once it holds {@code batchSize}
 * texts or its first text has waited {@code maxWait}. Deletions complete at once without a vector.
 *
 * <p>The task thread never waits for the encoder, so checkpoint barriers pass at once: the async
 * operator writes the documents still in flight (buffered or being encoded) into the checkpoint and
 * re-submits them after a restore. Its capacity must exceed {@code batchSize}, or a batch could
 * never fill and every batch would wait {@code maxWait}; {@link DocumentJob} uses twice the batch
 * size, so one batch fills while the previous one is encoded. Run it in ordered mode so that an
 * upsert and a later deletion of the same document leave in that order.
 *
 * <p>If a batch fails, its texts are encoded one by one, so only the text the encoder cannot handle
 * becomes a failure (later a dead letter); an {@link Error} fails the job.
 */
public final class BatchingEncoder extends RichAsyncFunction<SourcedDocument, EncodedDocument> {
    private static final long serialVersionUID = 1L;

    private final EncoderFactory encoderFactory;
    private final int batchSize;
    private final Duration maxWait;
    private final Duration timeout;

    private transient TextEncoder encoder;
    private transient ScheduledThreadPoolExecutor thread;
    private transient MicroBatcher<Pending> batcher;
    private transient Counter textsEncoded;
    private transient Counter batchesEncoded;
    private transient Counter encodeFailures;

    /** One document waiting for its vector. */
    private record Pending(SourcedDocument document, ResultFuture<EncodedDocument> result) {}

    /**
     * @param batchSize most texts per encoder call
     * @param maxWait longest a text waits for its batch to fill
     * @param timeout the async operator's timeout, named in the timeout failure
     */
    public BatchingEncoder(
            EncoderFactory encoderFactory, int batchSize, Duration maxWait, Duration timeout) {
        this.encoderFactory = encoderFactory;
        this.batchSize = batchSize;
        this.maxWait = maxWait;
        this.timeout = timeout;
    }

    @Override
    public void open(OpenContext openContext) {
        encoder = encoderFactory.open();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        thread =
                new ScheduledThreadPoolExecutor(
                        1,
                        r -> {
                            Thread t = new Thread(r, "document-encoder-" + subtask);
                            t.setDaemon(true);
                            return t;
                        });
        thread.setRemoveOnCancelPolicy(true);
        batcher =
                new MicroBatcher<>(
                        batchSize,
                        maxWait,
                        this::encode,
                        thread,
                        (task, delay) -> {
                            ScheduledFuture<?> f =
                                    thread.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                            return () -> f.cancel(false);
                        });
        var metrics = getRuntimeContext().getMetricGroup();
        textsEncoded = metrics.counter("textsEncoded");
        batchesEncoded = metrics.counter("batchesEncoded");
        encodeFailures = metrics.counter("encodeFailures");
    }

    @Override
    public void asyncInvoke(SourcedDocument document, ResultFuture<EncodedDocument> result) {
        if (document.isDeletion()) {
            result.complete(List.of(EncodedDocument.deletion(document)));
        } else {
            batcher.add(new Pending(document, result));
        }
    }

    @Override
    public void timeout(SourcedDocument document, ResultFuture<EncodedDocument> result) {
        result.completeExceptionally(
                new TimeoutException(
                        "document '"
                                + document.documentId()
                                + "' was not encoded within "
                                + timeout
                                + " (encodeTimeout)"));
    }

    /** Runs on the encoder thread. */
    private void encode(List<Pending> batch) {
        try {
            List<String> texts = new ArrayList<>(batch.size());
            for (Pending p : batch) {
                texts.add(
                        DocumentMapper.encoderInput(
                                p.document().document.getTitle(), p.document().document.getText()));
            }
            float[][] vectors;
            try {
                vectors = encoder.encode(texts);
                if (vectors.length != texts.size()) {
                    throw new IllegalStateException(
                            "encoder "
                                    + encoder.id()
                                    + " returned "
                                    + vectors.length
                                    + " vectors for "
                                    + texts.size()
                                    + " texts");
                }
            } catch (RuntimeException e) {
                encodeOneByOne(batch, texts);
                return;
            }
            batchesEncoded.inc();
            textsEncoded.inc(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                p.result().complete(List.of(EncodedDocument.encoded(p.document(), vectors[i])));
            }
        } catch (Throwable t) {
            for (Pending p : batch) {
                p.result().completeExceptionally(t);
            }
        }
    }

    private void encodeOneByOne(List<Pending> batch, List<String> texts) {
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            EncodedDocument out;
            try {
                out = EncodedDocument.encoded(p.document(), encoder.encode(texts.get(i)));
                batchesEncoded.inc();
                textsEncoded.inc();
            } catch (RuntimeException e) {
                encodeFailures.inc();
                out =
                        EncodedDocument.failed(
                                p.document(),
                                DeadLetters.INTERNAL,
                                "encoder " + encoder.id() + " failed on this document: " + e);
            }
            p.result().complete(List.of(out));
        }
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
        if (encoder != null) {
            encoder.close();
        }
    }
}
