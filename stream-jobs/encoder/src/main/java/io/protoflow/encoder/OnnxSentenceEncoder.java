package io.protoflow.encoder;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link TextEncoder} that runs a pretrained transformer (MiniLM) with DJL on ONNX Runtime:
 * word-piece tokenisation with the HuggingFace tokenizer, one forward pass per batch, then mean
 * pooling over the attention mask and L2 normalisation in plain Java (ONNX Runtime's NDArrays have
 * almost no math). Model and tokenizer are classpath resources; nothing is downloaded: DJL's
 * offline and no-tracking flags are set before DJL starts. Calls to {@link #encode} are serialised,
 * since a DJL predictor is not thread-safe; use one encoder per thread for parallelism.
 */
public final class OnnxSentenceEncoder implements TextEncoder {

    static {
        Offline.enable();
    }

    private final EncoderConfig config;
    private final HuggingFaceTokenizer tokenizer;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;

    private OnnxSentenceEncoder(
            EncoderConfig config,
            HuggingFaceTokenizer tokenizer,
            Model model,
            Predictor<NDList, NDList> predictor) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.model = model;
        this.predictor = predictor;
    }

    /** Opens the default encoder: int8 MiniLM, 256 tokens. */
    public static OnnxSentenceEncoder open() {
        return open(EncoderConfig.defaults());
    }

    /**
     * Loads the model and tokenizer of {@code config.model()} from the classpath.
     *
     * @throws MissingModelException if the model's jar is not on the classpath
     */
    public static OnnxSentenceEncoder open(EncoderConfig config) {
        return open(config, OnnxSentenceEncoder.class.getClassLoader());
    }

    /** As {@link #open(EncoderConfig)}, looking the resources up in {@code loader}. */
    static OnnxSentenceEncoder open(EncoderConfig config, ClassLoader loader) {
        Offline.enable();
        EncoderModel spec = config.model();
        byte[] onnx = readResource(loader, spec.modelResource(), spec);
        HuggingFaceTokenizer tokenizer;
        try (InputStream in = stream(loader, spec.tokenizerResource(), spec)) {
            tokenizer =
                    HuggingFaceTokenizer.newInstance(
                            in,
                            Map.of(
                                    "padding", "true",
                                    "truncation", "true",
                                    "maxLength", Integer.toString(config.maxTokens())));
        } catch (IOException e) {
            throw new UncheckedIOException("reading tokenizer " + spec.tokenizerResource(), e);
        }
        Model model = Model.newInstance(spec.id(), "OnnxRuntime");
        try {
            Map<String, Object> options = new HashMap<>();
            if (config.threads() > 0) {
                options.put("intraOpNumThreads", Integer.toString(config.threads()));
                options.put("interOpNumThreads", "1");
            }
            model.load(new ByteArrayInputStream(onnx), options);
        } catch (IOException | MalformedModelException e) {
            model.close();
            tokenizer.close();
            throw new IllegalStateException(
                    "encoder model " + spec.id() + ": cannot load " + spec.modelResource(), e);
        }
        return new OnnxSentenceEncoder(
                config, tokenizer, model, model.newPredictor(new NoopTranslator()));
    }

    @Override
    public synchronized float[][] encode(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("texts[" + i + "] must not be null");
            }
        }
        if (texts.isEmpty()) {
            return new float[0][];
        }
        Encoding[] encodings = tokenizer.batchEncode(texts);
        int batch = encodings.length;
        int length = encodings[0].getIds().length;
        long[] ids = new long[batch * length];
        long[] mask = new long[batch * length];
        long[] types = new long[batch * length];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(encodings[b].getIds(), 0, ids, b * length, length);
            System.arraycopy(encodings[b].getAttentionMask(), 0, mask, b * length, length);
            System.arraycopy(encodings[b].getTypeIds(), 0, types, b * length, length);
        }
        Shape shape = new Shape(batch, length);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray idArray = manager.create(ids, shape);
            idArray.setName("input_ids");
            NDArray maskArray = manager.create(mask, shape);
            maskArray.setName("attention_mask");
            NDArray typeArray = manager.create(types, shape);
            typeArray.setName("token_type_ids");
            NDList out = predictor.predict(new NDList(idArray, maskArray, typeArray));
            float[] hidden = out.get(0).toFloatArray();
            out.close();
            return meanPoolAndNormalise(hidden, mask, batch, length, config.model().dimension());
        } catch (TranslateException e) {
            throw new IllegalStateException(
                    "encoder " + id() + " failed on a batch of " + batch + " texts", e);
        }
    }

    /**
     * Averages the token vectors of each row over its real (unmasked) tokens and scales the mean to
     * unit length; an all-zero mean (no tokens) stays zero.
     */
    static float[][] meanPoolAndNormalise(
            float[] hidden, long[] mask, int batch, int length, int dim) {
        float[][] result = new float[batch][dim];
        for (int b = 0; b < batch; b++) {
            float[] row = result[b];
            int tokens = 0;
            for (int t = 0; t < length; t++) {
                if (mask[b * length + t] == 0) {
                    continue;
                }
                tokens++;
                int base = (b * length + t) * dim;
                for (int d = 0; d < dim; d++) {
                    row[d] += hidden[base + d];
                }
            }
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                row[d] /= Math.max(tokens, 1);
                norm += (double) row[d] * row[d];
            }
            if (norm > 0) {
                float inv = (float) (1 / Math.sqrt(norm));
                for (int d = 0; d < dim; d++) {
                    row[d] *= inv;
                }
            }
        }
        return result;
    }

    @Override
    public int dimension() {
        return config.model().dimension();
    }

    @Override
    public String id() {
        return config.model().id();
    }

    /** The config this encoder runs with. */
    public EncoderConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        predictor.close();
        model.close();
        tokenizer.close();
    }

    private static InputStream stream(ClassLoader loader, String resource, EncoderModel spec) {
        // ClassLoader lookups take names without the leading slash.
        InputStream in = loader.getResourceAsStream(resource.substring(1));
        if (in == null) {
            throw new MissingModelException(resource, spec);
        }
        return in;
    }

    private static byte[] readResource(ClassLoader loader, String resource, EncoderModel spec) {
        try (InputStream in = stream(loader, resource, spec)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }
}
