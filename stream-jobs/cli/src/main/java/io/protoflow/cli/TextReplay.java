package io.protoflow.cli;

import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.Stage;
import io.protoflow.encoder.OnnxSentenceEncoder;
import io.protoflow.encoder.TextEncoder;
import io.protoflow.encoder.jsonl.BadLine;
import io.protoflow.encoder.jsonl.JsonlTexts;
import io.protoflow.encoder.jsonl.LabelledText;
import io.protoflow.encoder.jsonl.TextFields;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@code jsonl:} dataset made ready for the replay: its texts encoded into vectors here, in the
 * producing process, so that the learner job receives ordinary feature vectors and never loads the
 * encoder's native libraries; its bad lines kept for the dead-letter topic; and each text's event
 * time when the file has a time field.
 *
 * @param file the JSON-lines file
 * @param texts the parsed file
 * @param dataset the texts as vectors, in stream order
 * @param encoderId the sentence encoder's id, written into each example's metadata
 */
record TextReplay(Path file, JsonlTexts texts, Dataset dataset, String encoderId) {

    /** Texts per encoder call. */
    static final int BATCH = 32;

    /** Reads the file, refuses one without any good line, and encodes the rest with MiniLM. */
    static TextReplay load(Path file, TextFields fields, PrintWriter out) {
        return load(file, fields, out, OnnxSentenceEncoder::open);
    }

    /** As {@link #load(Path, TextFields, PrintWriter)} with the encoder {@code opener} gives. */
    static TextReplay load(
            Path file, TextFields fields, PrintWriter out, Supplier<TextEncoder> opener) {
        JsonlTexts texts = JsonlTexts.read(file, fields).requireSomeText("--dataset jsonl:" + file);
        int n = texts.texts().size();
        out.printf(
                "Texts: %d labelled texts in %s%s%n",
                n,
                file,
                texts.badLines().isEmpty()
                        ? ""
                        : ", " + texts.badLines().size() + " bad lines (they go to dead letters)");
        try (TextEncoder encoder = opener.get()) {
            out.printf("Texts: encoding with %s ... ", encoder.id());
            out.flush();
            long start = System.nanoTime();
            long[] lastPrint = {start};
            Dataset dataset =
                    texts.encode(
                            encoder,
                            BATCH,
                            done -> {
                                long now = System.nanoTime();
                                if (done < n && now - lastPrint[0] > TimeUnit.SECONDS.toNanos(5)) {
                                    out.printf("%d/%d ... ", done, n);
                                    out.flush();
                                    lastPrint[0] = now;
                                }
                            });
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("done in %.1f s (%.0f texts/s)%n", seconds, n / Math.max(seconds, 1e-9));
            return new TextReplay(file, texts, dataset, encoder.id());
        }
    }

    /**
     * The stream when the file has a time field: one stage with every text in time order, its
     * classes in order of first appearance.
     */
    Stage chronologicalStage() {
        return new Stage(0, texts.labelsInStreamOrder(), dataset.rows());
    }

    /** Event time in epoch milliseconds per example id; empty without a time field. */
    Map<String, Long> eventTimes() {
        Map<String, Long> times = new HashMap<>();
        for (LabelledText t : texts.texts()) {
            if (t.time() != null) {
                times.put(t.id(), t.time().toEpochMilli());
            }
        }
        return times;
    }

    /** The lines that could not be read, for the dead-letter topic. */
    List<BadLine> badLines() {
        return texts.badLines();
    }
}
