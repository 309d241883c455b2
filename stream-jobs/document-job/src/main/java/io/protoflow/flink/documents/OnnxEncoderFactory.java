package io.protoflow.flink.documents;

import io.protoflow.encoder.EncoderConfig;
import io.protoflow.encoder.EncoderModel;
import io.protoflow.encoder.OnnxSentenceEncoder;
import io.protoflow.encoder.TextEncoder;

/**
 * Opens {@link OnnxSentenceEncoder}s: the pretrained model from the classpath, offline.
 *
 * @param model encoder model id, e.g. {@code all-minilm-l6-v2-q}
 * @param maxTokens longest input in word pieces
 * @param threads ONNX Runtime intra-op threads per encoder, 0 for its default (one per core)
 */
public record OnnxEncoderFactory(String model, int maxTokens, int threads)
        implements EncoderFactory {
    private static final long serialVersionUID = 1L;

    /** Validates the settings as {@link EncoderConfig} does, before any task starts. */
    public OnnxEncoderFactory {
        config(model, maxTokens, threads);
    }

    private static EncoderConfig config(String model, int maxTokens, int threads) {
        return new EncoderConfig(EncoderModel.byId(model), maxTokens, threads);
    }

    @Override
    public TextEncoder open() {
        return OnnxSentenceEncoder.open(config(model, maxTokens, threads));
    }

    @Override
    public String id() {
        return EncoderModel.byId(model).id();
    }

    @Override
    public int dimension() {
        return EncoderModel.byId(model).dimension();
    }
}
