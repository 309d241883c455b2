package io.protoflow.bench.eval;

import io.protoflow.core.data.Dataset;
import io.protoflow.encoder.OnnxSentenceEncoder;
import io.protoflow.encoder.TextEncoder;
import io.protoflow.encoder.jsonl.JsonlTexts;
import io.protoflow.encoder.jsonl.TextFields;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Loads {@code jsonl:PATH} datasets for the evaluation commands: reads the labelled texts, refuses
 * a file with any bad line (naming its line and field), and encodes the texts with one sentence
 * encoder, opened on first use and shared by the training and test files.
 */
public final class TextDatasets implements AutoCloseable {

    /** Texts per encoder call. */
    public static final int BATCH = 32;

    private final TextFields fields;
    private final PrintStream log;
    private final Supplier<TextEncoder> opener;
    private TextEncoder encoder;
    private double textsPerSecond;

    /** Uses the default sentence encoder (int8 MiniLM), opened when the first file is loaded. */
    public TextDatasets(TextFields fields, PrintStream log) {
        this(fields, log, OnnxSentenceEncoder::open);
    }

    /** Uses the encoder {@code opener} returns, called at most once. */
    public TextDatasets(TextFields fields, PrintStream log, Supplier<TextEncoder> opener) {
        if (fields == null || log == null || opener == null) {
            throw new IllegalArgumentException("fields, log and opener must not be null");
        }
        this.fields = fields;
        this.log = log;
        this.opener = opener;
    }

    /** Where texts, labels and times are read from. */
    public TextFields fields() {
        return fields;
    }

    /**
     * Reads and encodes one JSON-lines file.
     *
     * @param file the file
     * @param option the option that named it, for messages, e.g. {@code --dataset}
     * @throws IllegalArgumentException naming the first bad line and field, or an empty file
     * @throws io.protoflow.core.data.DatasetNotFoundException if the file does not exist
     */
    public Dataset load(Path file, String option) {
        JsonlTexts texts =
                JsonlTexts.read(file, fields).requireNoBadLines(option + " jsonl:" + file);
        if (encoder == null) {
            encoder = opener.get();
        }
        log.printf(
                Locale.ROOT,
                "encoding %d texts of %s with %s ...%n",
                texts.texts().size(),
                file,
                encoder.id());
        long t0 = System.nanoTime();
        Dataset ds = texts.encode(encoder, BATCH, n -> {});
        double seconds = (System.nanoTime() - t0) / 1e9;
        textsPerSecond = texts.texts().size() / Math.max(seconds, 1e-9);
        log.printf(Locale.ROOT, "encoded in %.1f s (%.0f texts/s)%n", seconds, textsPerSecond);
        return ds;
    }

    /** The encoder's id, or null before the first file is loaded. */
    public String encoderId() {
        return encoder == null ? null : encoder.id();
    }

    /** Encoding throughput of the last file loaded, texts per second. */
    public double textsPerSecond() {
        return textsPerSecond;
    }

    @Override
    public void close() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
    }
}
