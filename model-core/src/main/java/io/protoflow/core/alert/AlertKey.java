package io.protoflow.core.alert;

/**
 * The de-duplication key of an alert: the RAISED and RESOLVED events of one condition share it, and
 * at most one alert per key is open at a time. Its {@link #value()} is the Avro {@code alertKey}
 * and the Kafka record key of {@code protoflow.alerts}.
 *
 * @param modelId the model, not blank
 * @param type the kind of condition
 * @param detector the detector's name, e.g. {@code adwin} or {@code ood-rate}, not blank
 */
public record AlertKey(String modelId, AlertType type, String detector) {

    public AlertKey {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must not be blank, got '" + modelId + "'");
        }
        if (type == null) {
            throw new IllegalArgumentException("type is null");
        }
        if (detector == null || detector.isBlank()) {
            throw new IllegalArgumentException(
                    "detector must not be blank, got '" + detector + "'");
        }
    }

    /** {@code modelId/TYPE/detector}, e.g. {@code digits/DRIFT/adwin}. */
    public String value() {
        return modelId + "/" + type.name() + "/" + detector;
    }

    @Override
    public String toString() {
        return value();
    }
}
