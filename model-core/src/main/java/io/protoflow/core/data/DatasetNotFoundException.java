package io.protoflow.core.data;

import java.nio.file.Path;

/**
 * A dataset file is missing. Unchecked; the message names the path and how to obtain the data, so
 * the CLI can show it to the user as is.
 */
public class DatasetNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path missing;

    /** Creates the exception for a missing file; {@code message} should say how to get it. */
    public DatasetNotFoundException(Path missing, String message) {
        super(message);
        this.missing = missing;
    }

    /** The path that does not exist. */
    public Path missing() {
        return missing;
    }
}
