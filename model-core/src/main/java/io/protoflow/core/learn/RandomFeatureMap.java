package io.protoflow.core.learn;

import io.protoflow.core.linalg.Kernels;
import io.protoflow.core.snapshot.FeatureMapState;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A seeded random-feature expansion, as in RanPAC: {@code phi(x) = g(R x + b)} with {@code R} a
 * {@code D x d} matrix of independent {@code N(0, 1/d)} entries (Gaussian scaled by {@code
 * 1/sqrt(d)}), {@code b} an optional bias of independent {@code N(0, 1)} entries and {@code g}
 * either ReLU or the identity. Projecting class-incremental features into a wider nonlinear space
 * makes classes more linearly separable for the learner behind it (streaming LDA above all).
 *
 * <p>Deterministic: {@code R} (row by row) and then {@code b} are drawn from {@code new
 * java.util.Random(seed).nextGaussian()}, whose algorithm the JDK specifies, so the same spec
 * rebuilds the same map on any JVM; snapshots store the spec ({@link #spec()}), never the matrix.
 * The projection accumulates in float ({@link Kernels#dotsFloat}), so maps on the Vector API and
 * the scalar kernels differ by float rounding (relative {@code ~1e-6}).
 *
 * <p>Memory {@code 4 D d} bytes (6.4 MB for 784 to 2048); {@link #apply} costs {@code D d}
 * multiply-adds.
 */
public final class RandomFeatureMap {

    /** The feature map type recorded in {@link FeatureMapState#type()}. */
    public static final String TYPE = "random-projection";

    /** Spec parameter: {@code relu} or {@code none}. */
    public static final String PARAM_NONLINEARITY = "nonlinearity";

    /** Spec parameter: {@code true} or {@code false}. */
    public static final String PARAM_BIAS = "bias";

    private static final Kernels K = Kernels.get();

    /** The elementwise function applied after the projection. */
    public enum Nonlinearity {
        /** {@code max(0, z)}. */
        RELU,
        /** The identity: a plain random projection. */
        NONE;

        /** The parameter value, e.g. {@code "relu"}. */
        public String paramValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Parses {@code relu} or {@code none} (case-insensitive).
         *
         * @throws IllegalArgumentException naming the value
         */
        public static Nonlinearity fromParam(String key, String value) {
            for (Nonlinearity n : values()) {
                if (n.paramValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
                    return n;
                }
            }
            throw new IllegalArgumentException(
                    "parameter "
                            + key
                            + " has invalid value '"
                            + value
                            + "', expected one of [relu, none]");
        }
    }

    private final int inputDimension;
    private final int outputDimension;
    private final long seed;
    private final Nonlinearity nonlinearity;
    private final boolean bias;
    private final float[] matrix;
    private final float[] offsets;

    /**
     * Builds the map from its spec.
     *
     * @throws IllegalArgumentException if a dimension is < 1, the matrix would exceed 2^31 entries
     *     or nonlinearity is null
     */
    public RandomFeatureMap(
            int inputDimension,
            int outputDimension,
            long seed,
            Nonlinearity nonlinearity,
            boolean bias) {
        if (inputDimension < 1) {
            throw new IllegalArgumentException(
                    "inputDimension must be >= 1, got " + inputDimension);
        }
        if (outputDimension < 1) {
            throw new IllegalArgumentException(
                    "outputDimension must be >= 1, got " + outputDimension);
        }
        if ((long) inputDimension * outputDimension > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "projection "
                            + outputDimension
                            + " x "
                            + inputDimension
                            + " is too large for one array");
        }
        if (nonlinearity == null) {
            throw new IllegalArgumentException("nonlinearity is null");
        }
        this.inputDimension = inputDimension;
        this.outputDimension = outputDimension;
        this.seed = seed;
        this.nonlinearity = nonlinearity;
        this.bias = bias;
        Random random = new Random(seed);
        double scale = 1.0 / Math.sqrt(inputDimension);
        this.matrix = new float[inputDimension * outputDimension];
        for (int i = 0; i < matrix.length; i++) {
            matrix[i] = (float) (random.nextGaussian() * scale);
        }
        this.offsets = new float[outputDimension];
        if (bias) {
            for (int i = 0; i < outputDimension; i++) {
                offsets[i] = (float) random.nextGaussian();
            }
        }
    }

    /**
     * Rebuilds a map from a snapshot spec.
     *
     * @throws IllegalArgumentException for another type or invalid parameters
     */
    public static RandomFeatureMap fromSpec(FeatureMapState spec) {
        if (spec == null) {
            throw new IllegalArgumentException("feature map spec is null");
        }
        if (!TYPE.equals(spec.type())) {
            throw new IllegalArgumentException(
                    "feature map type is '" + spec.type() + "', expected '" + TYPE + "'");
        }
        Nonlinearity nonlinearity = Nonlinearity.RELU;
        boolean bias = false;
        for (Map.Entry<String, String> e : spec.params().entrySet()) {
            switch (e.getKey()) {
                case PARAM_NONLINEARITY ->
                        nonlinearity = Nonlinearity.fromParam(e.getKey(), e.getValue());
                case PARAM_BIAS -> bias = parseBoolean(e.getKey(), e.getValue());
                default ->
                        throw new IllegalArgumentException(
                                "unknown feature map parameter '"
                                        + e.getKey()
                                        + "' (value '"
                                        + e.getValue()
                                        + "'), known parameters: [nonlinearity, bias]");
            }
        }
        return new RandomFeatureMap(
                spec.inputDimension(), spec.outputDimension(), spec.seed(), nonlinearity, bias);
    }

    static boolean parseBoolean(String key, String value) {
        String v = value == null ? "" : value.trim();
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(
                "parameter " + key + " has invalid value '" + value + "', expected true or false");
    }

    /** The spec that rebuilds this map. */
    public FeatureMapState spec() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(PARAM_NONLINEARITY, nonlinearity.paramValue());
        params.put(PARAM_BIAS, Boolean.toString(bias));
        return new FeatureMapState(TYPE, inputDimension, outputDimension, seed, params);
    }

    /** The raw input dimension. */
    public int inputDimension() {
        return inputDimension;
    }

    /** The mapped dimension. */
    public int outputDimension() {
        return outputDimension;
    }

    /**
     * Maps one input vector; does not validate it (callers do).
     *
     * @return a new array of {@link #outputDimension()} values
     */
    public float[] apply(float[] x) {
        float[] out = new float[outputDimension];
        double[] dots = new double[outputDimension];
        // all rows in one pass: each load of x serves four rows of the matrix
        K.dotsFloat(x, matrix, 0, outputDimension, inputDimension, dots);
        boolean relu = nonlinearity == Nonlinearity.RELU;
        for (int i = 0; i < outputDimension; i++) {
            float z = (float) dots[i] + offsets[i];
            out[i] = relu && z < 0f ? 0f : z;
        }
        return out;
    }

    @Override
    public String toString() {
        return "RandomFeatureMap" + spec();
    }
}
