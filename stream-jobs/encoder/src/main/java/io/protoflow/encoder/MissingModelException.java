package io.protoflow.encoder;

/** The encoder's model or tokenizer is not on the classpath; the message says which jar to add. */
public final class MissingModelException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    MissingModelException(String resource, EncoderModel model) {
        super(
                "encoder model "
                        + model.id()
                        + ": classpath resource "
                        + resource
                        + " not found; add the Maven dependency "
                        + model.artifact()
                        + " (its transitive dependencies excluded) to the classpath. Protoflow"
                        + " never downloads models at run time.");
    }
}
