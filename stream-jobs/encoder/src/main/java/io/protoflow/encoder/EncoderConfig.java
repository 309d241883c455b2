package io.protoflow.encoder;

/**
 * How to run a sentence encoder.
 *
 * @param model the pretrained model
 * @param maxTokens longest input in word pieces; longer texts are truncated (MiniLM was trained on
 *     256)
 * @param threads ONNX Runtime intra-op threads, or 0 for its default (one per core)
 */
public record EncoderConfig(EncoderModel model, int maxTokens, int threads) {

    /** Word pieces kept per text by default, as in the model's training. */
    public static final int DEFAULT_MAX_TOKENS = 256;

    public EncoderConfig {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (maxTokens < 8 || maxTokens > 512) {
            throw new IllegalArgumentException("maxTokens must be in [8, 512], got " + maxTokens);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
    }

    /** The int8 MiniLM, 256 tokens, ONNX Runtime's default threads. */
    public static EncoderConfig defaults() {
        return new EncoderConfig(EncoderModel.MINILM_L6_V2_Q, DEFAULT_MAX_TOKENS, 0);
    }

    /** This config with another model. */
    public EncoderConfig withModel(EncoderModel other) {
        return new EncoderConfig(other, maxTokens, threads);
    }
}
