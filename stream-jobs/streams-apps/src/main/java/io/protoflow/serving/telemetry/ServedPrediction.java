package io.protoflow.serving.telemetry;

/**
 * One served prediction, as the metrics and the dashboard see it.
 *
 * @param modelId the model
 * @param version the snapshot version that made it, 0 when the model had none
 * @param label the true label when the request carried one, else null
 * @param predictedLabel the best label, null when the model knew no class
 * @param oodScore the OOD score, or null
 * @param oodFlag whether the request was flagged out of distribution
 * @param latencyNanos time spent scoring the request in the app
 * @param predictedAtMillis when the prediction was made
 */
public record ServedPrediction(
        String modelId,
        long version,
        String label,
        String predictedLabel,
        Double oodScore,
        boolean oodFlag,
        long latencyNanos,
        long predictedAtMillis) {

    /** Whether the request carried its true label. */
    public boolean labelled() {
        return label != null;
    }

    /** Whether the request carried its true label and the prediction matched it. */
    public boolean correct() {
        return label != null && label.equals(predictedLabel);
    }
}
