package io.protoflow.stream.mapping;

import io.protoflow.schemas.Example;
import io.protoflow.stream.BadRecordException;
import java.util.List;

/**
 * Validates {@link Example} records and extracts their feature vectors.
 *
 * <p>Validation here covers what needs no model state (ids, finiteness, labels); the dimension
 * check needs the model and happens in the learner.
 */
public final class ExampleMapper {

    /** Error class for a record without an example id. */
    public static final String MISSING_ID = "MISSING_ID";

    /** Error class for a record without a model id. */
    public static final String MISSING_MODEL_ID = "MISSING_MODEL_ID";

    /** Error class for a record with neither features nor text. */
    public static final String MISSING_FEATURES = "MISSING_FEATURES";

    /** Error class for a NaN or infinite feature. */
    public static final String NON_FINITE = "NON_FINITE";

    /** Error class for a label that is present but blank. */
    public static final String INVALID_LABEL = "INVALID_LABEL";

    /** Error class for a vector whose dimension differs from the model's. */
    public static final String DIMENSION_MISMATCH = "DIMENSION_MISMATCH";

    /** Error class for a record larger than the configured limit. */
    public static final String OVERSIZED = "OVERSIZED";

    private ExampleMapper() {}

    /**
     * Checks everything about an example that does not depend on the model.
     *
     * @throws BadRecordException naming the offending field and value
     */
    public static void validate(Example example) {
        if (example.getId() == null || example.getId().isBlank()) {
            throw new BadRecordException(MISSING_ID, "example id is missing or blank");
        }
        String modelId = example.getModelId();
        if (modelId == null || modelId.isBlank()) {
            throw new BadRecordException(
                    MISSING_MODEL_ID,
                    "example '"
                            + example.getId()
                            + "' has no modelId (got "
                            + quoted(modelId)
                            + ")");
        }
        List<Float> features = example.getFeatures();
        if (features == null && example.getText() == null) {
            throw new BadRecordException(
                    MISSING_FEATURES,
                    "example '" + example.getId() + "' has neither features nor text");
        }
        if (features != null) {
            if (features.isEmpty()) {
                throw new BadRecordException(
                        MISSING_FEATURES, "example '" + example.getId() + "' has an empty vector");
            }
            for (int i = 0; i < features.size(); i++) {
                Float v = features.get(i);
                if (v == null || !Float.isFinite(v)) {
                    throw new BadRecordException(
                            NON_FINITE,
                            "example '" + example.getId() + "': features[" + i + "] is " + v);
                }
            }
        }
        String label = example.getLabel();
        if (label != null && label.isBlank()) {
            throw new BadRecordException(
                    INVALID_LABEL, "example '" + example.getId() + "': label is blank");
        }
    }

    /** The example's feature vector as a primitive array, or null when it carries only text. */
    public static float[] features(Example example) {
        List<Float> features = example.getFeatures();
        if (features == null) {
            return null;
        }
        float[] x = new float[features.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = features.get(i);
        }
        return x;
    }

    /** Boxes a vector for an Avro {@code array<float>} field. */
    public static List<Float> boxed(float[] x) {
        Float[] boxed = new Float[x.length];
        for (int i = 0; i < x.length; i++) {
            boxed[i] = x[i];
        }
        return List.of(boxed);
    }

    private static String quoted(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
