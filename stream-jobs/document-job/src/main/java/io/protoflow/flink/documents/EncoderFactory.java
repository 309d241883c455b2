package io.protoflow.flink.documents;

import io.protoflow.encoder.TextEncoder;
import java.io.Serializable;

/**
 * Opens the sentence encoder inside a Flink task: the factory travels with the job graph, the
 * encoder (native memory, not serialisable) is opened once per subtask. Tests plug in encoders that
 * need no model.
 */
public interface EncoderFactory extends Serializable {

    /** A new encoder; the caller closes it. */
    TextEncoder open();

    /** Id of the model the encoders run, written to every index update. */
    String id();

    /** Length of the vectors the encoders return. */
    int dimension();
}
