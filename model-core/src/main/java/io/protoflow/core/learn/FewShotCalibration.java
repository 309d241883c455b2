package io.protoflow.core.learn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Training-free few-shot prototype calibration (TEEN, Wang et al., NeurIPS 2023): the prototype of
 * a class that has seen fewer than {@code threshold} examples is noisy, so at prediction time it is
 * pulled towards the prototypes of well-sampled ("base") classes that resemble it:
 *
 * <pre>
 * p̂_c = α p_c + (1 − α) Σ_b w_b p_b,   w = softmax_b(τ · cos(p_c, p_b))
 * </pre>
 *
 * over the base classes b (those with at least {@code threshold} examples). Calibration is a view:
 * learners apply it to copies when they rank classes and never change their stored state, so
 * snapshots, merges and further learning are unaffected. With {@code threshold = 0}, or when no
 * class is a base class yet, prototypes are used as they are.
 *
 * <p>Parameters, shared by the learners that support it: {@value #PARAM_THRESHOLD} (m, >= 0; 0
 * disables calibration), {@value #PARAM_ALPHA} (α in [0, 1], default 0.5) and {@value
 * #PARAM_TEMPERATURE} (τ > 0, default 16).
 *
 * @param threshold classes with fewer examples than this are calibrated; 0 disables calibration
 * @param alpha weight of the class's own prototype, in [0, 1]
 * @param temperature sharpness τ of the softmax over cosine similarities, finite and > 0
 */
public record FewShotCalibration(int threshold, double alpha, double temperature) {

    /** Parameter key of {@link #threshold()}. */
    public static final String PARAM_THRESHOLD = "fewShotThreshold";

    /** Parameter key of {@link #alpha()}. */
    public static final String PARAM_ALPHA = "calibrationAlpha";

    /** Parameter key of {@link #temperature()}. */
    public static final String PARAM_TEMPERATURE = "calibrationTemperature";

    /** The parameter keys this component reads. */
    public static final Set<String> PARAM_KEYS =
            Set.of(PARAM_THRESHOLD, PARAM_ALPHA, PARAM_TEMPERATURE);

    /** Default {@link #alpha()}. */
    public static final double DEFAULT_ALPHA = 0.5;

    /** Default {@link #temperature()}. */
    public static final double DEFAULT_TEMPERATURE = 16.0;

    /** Calibration switched off. */
    public static final FewShotCalibration DISABLED =
            new FewShotCalibration(0, DEFAULT_ALPHA, DEFAULT_TEMPERATURE);

    public FewShotCalibration {
        if (threshold < 0) {
            throw new IllegalArgumentException(
                    "parameter " + PARAM_THRESHOLD + " must be >= 0, got " + threshold);
        }
        if (!(alpha >= 0.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException(
                    "parameter " + PARAM_ALPHA + " must be in [0, 1], got " + alpha);
        }
        if (!(temperature > 0.0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException(
                    "parameter "
                            + PARAM_TEMPERATURE
                            + " must be finite and > 0, got "
                            + temperature);
        }
    }

    /**
     * Reads the calibration keys of a learner's parameters, ignoring all other keys; absent keys
     * take their defaults.
     *
     * @param defaultThreshold the threshold when {@value #PARAM_THRESHOLD} is absent
     * @throws IllegalArgumentException naming key and value when a value is not a number or out of
     *     range
     */
    public static FewShotCalibration fromParams(Map<String, String> params, int defaultThreshold) {
        int threshold = defaultThreshold;
        double alpha = DEFAULT_ALPHA;
        double temperature = DEFAULT_TEMPERATURE;
        String t = params.get(PARAM_THRESHOLD);
        if (t != null) {
            threshold = LearnerParams.parseInt(PARAM_THRESHOLD, t);
        }
        String a = params.get(PARAM_ALPHA);
        if (a != null) {
            alpha = LearnerParams.parseDouble(PARAM_ALPHA, a);
        }
        String tau = params.get(PARAM_TEMPERATURE);
        if (tau != null) {
            temperature = LearnerParams.parseDouble(PARAM_TEMPERATURE, tau);
        }
        return new FewShotCalibration(threshold, alpha, temperature);
    }

    /** This calibration as learner parameters (all three keys, in a fixed order). */
    public Map<String, String> toParams() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(PARAM_THRESHOLD, Integer.toString(threshold));
        params.put(PARAM_ALPHA, Double.toString(alpha));
        params.put(PARAM_TEMPERATURE, Double.toString(temperature));
        return params;
    }

    /** Whether calibration can change any prototype ({@code threshold > 0}). */
    public boolean enabled() {
        return threshold > 0;
    }

    /** Whether a class with {@code count} examples is calibrated (count below the threshold). */
    public boolean isFewShot(long count) {
        return count < threshold;
    }

    /**
     * The calibrated copy of a few-shot prototype. Zero vectors have cosine 0 with everything.
     *
     * @param prototype the few-shot class's prototype (not modified)
     * @param baseMeans the prototypes of the base classes, each of the prototype's length, in a
     *     fixed order (the result does not depend on it beyond floating-point rounding)
     * @param baseNorms their Euclidean norms, same order
     * @return {@code prototype} unchanged (a copy) when there is no base class
     */
    public double[] calibrate(double[] prototype, List<double[]> baseMeans, double[] baseNorms) {
        double[] out = prototype.clone();
        int bases = baseMeans.size();
        if (bases == 0) {
            return out;
        }
        double norm = Vectors.norm(prototype);
        double[] logits = new double[bases];
        double maxLogit = Double.NEGATIVE_INFINITY;
        for (int b = 0; b < bases; b++) {
            double denominator = norm * baseNorms[b];
            double cos = denominator == 0.0 ? 0.0 : dot(prototype, baseMeans.get(b)) / denominator;
            logits[b] = temperature * cos;
            maxLogit = Math.max(maxLogit, logits[b]);
        }
        double sum = 0.0;
        for (int b = 0; b < bases; b++) {
            logits[b] = Math.exp(logits[b] - maxLogit);
            sum += logits[b];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = alpha * prototype[i];
        }
        for (int b = 0; b < bases; b++) {
            double w = (1.0 - alpha) * logits[b] / sum;
            double[] p = baseMeans.get(b);
            for (int i = 0; i < out.length; i++) {
                out[i] += w * p[i];
            }
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
