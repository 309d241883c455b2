package io.protoflow.core.learn;

import io.protoflow.core.snapshot.LearnerState;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any learner behind a {@link RandomFeatureMap}: learns and predicts on {@code phi(x)} instead of
 * {@code x}. With streaming LDA behind a 2048-wide ReLU map this is the RanPAC recipe, which
 * separates classes that a linear model on raw features confuses.
 *
 * <p>Type name {@code "random-features"}. Parameters:
 *
 * <ul>
 *   <li>{@code outputDimension} >= 1, default 2048; {@code seed}, default 42; {@code nonlinearity}
 *       = {@code relu} (default) or {@code none}; {@code bias} = {@code false} (default) or {@code
 *       true}: the map (see {@link RandomFeatureMap});
 *   <li>{@code inner}: the type of the learner behind the map, any type of {@link Learners} except
 *       {@code random-features} itself; default {@code streaming-lda};
 *   <li>{@code inner.<key>}: parameter {@code <key>} of the inner learner, e.g. {@code
 *       inner.shrinkage=0.001}.
 * </ul>
 *
 * <p>Merge requires the same map (dimensions, seed, nonlinearity, bias) and delegates to the inner
 * learner, so it is exactly as exact as the inner merge. A snapshot is flat: the inner learner's
 * classes and covariance (in the mapped space), this learner's type, input dimension and parameters
 * (the inner ones prefixed with {@code inner.}), and the map spec; the matrix is rebuilt from the
 * seed on restore. Costs: the inner learner's at dimension {@code outputDimension}, plus {@code
 * outputDimension x dimension} multiply-adds per learn and per predict (once for a predict followed
 * by a learn of the same input: the last image is reused).
 */
public final class FeatureExpandedLearner implements Learner {

    /** The type name under which {@link Learners} knows this learner. */
    public static final String TYPE = "random-features";

    /** Parameter: mapped dimension. */
    public static final String PARAM_OUTPUT_DIMENSION = "outputDimension";

    /** Parameter: seed of the map. */
    public static final String PARAM_SEED = "seed";

    /** Parameter: type of the inner learner. */
    public static final String PARAM_INNER = "inner";

    /** Prefix of the inner learner's parameters. */
    public static final String INNER_PREFIX = "inner.";

    /** Default mapped dimension. */
    public static final int DEFAULT_OUTPUT_DIMENSION = 2048;

    /** Default seed. */
    public static final long DEFAULT_SEED = 42L;

    private final RandomFeatureMap map;
    private final Learner inner;
    private final Map<String, String> params;

    /** The last input mapped and its image: prequential use maps each input twice otherwise. */
    private float[] lastInput;

    private float[] lastImage;

    /**
     * Puts {@code inner} behind {@code map}.
     *
     * @throws IllegalArgumentException if the inner learner's dimension is not the map's output
     *     dimension, or it is itself a {@code random-features} learner
     */
    public FeatureExpandedLearner(RandomFeatureMap map, Learner inner) {
        if (map == null || inner == null) {
            throw new IllegalArgumentException("map and inner must not be null");
        }
        if (inner instanceof FeatureExpandedLearner) {
            throw new IllegalArgumentException(
                    "inner learner may not be another " + TYPE + " learner");
        }
        if (inner.dimension() != map.outputDimension()) {
            throw new IllegalArgumentException(
                    "inner learner dimension is "
                            + inner.dimension()
                            + ", map output dimension is "
                            + map.outputDimension());
        }
        this.map = map;
        this.inner = inner;
        this.params = new LinkedHashMap<>();
        params.putAll(mapParams(map));
        params.put(PARAM_INNER, inner.type());
    }

    private FeatureExpandedLearner(
            RandomFeatureMap map, Learner inner, Map<String, String> innerParams) {
        this(map, inner);
        for (Map.Entry<String, String> e : innerParams.entrySet()) {
            params.put(INNER_PREFIX + e.getKey(), e.getValue());
        }
    }

    /**
     * Creates an empty learner from {@link Learners#create} parameters.
     *
     * @throws IllegalArgumentException on an unknown or invalid parameter, naming key and value
     */
    public static FeatureExpandedLearner create(int dimension, Map<String, String> params) {
        Parsed p = Parsed.of(dimension, params);
        return new FeatureExpandedLearner(
                p.map,
                Learners.create(p.innerType, p.map.outputDimension(), p.innerParams),
                p.innerParams);
    }

    /**
     * Rebuilds a learner from its snapshot: the map from the parameters (which must agree with the
     * stored spec), the inner learner from the classes and covariance.
     *
     * @throws IllegalArgumentException if the state is not a valid {@code random-features} state
     */
    public static FeatureExpandedLearner restore(LearnerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        if (!TYPE.equals(state.learnerType())) {
            throw new IllegalArgumentException(
                    "learnerType is '" + state.learnerType() + "', expected '" + TYPE + "'");
        }
        if (state.featureMap() == null) {
            throw new IllegalArgumentException(TYPE + " state has no feature map");
        }
        Parsed p = Parsed.of(state.dimension(), state.params());
        if (!p.map.spec().equals(state.featureMap())) {
            throw new IllegalArgumentException(
                    "feature map "
                            + state.featureMap()
                            + " differs from the one the parameters describe: "
                            + p.map.spec());
        }
        LearnerState innerState =
                new LearnerState(
                        p.innerType,
                        p.map.outputDimension(),
                        p.innerParams,
                        state.classes(),
                        state.covariance(),
                        null);
        return new FeatureExpandedLearner(p.map, Learners.restore(innerState), p.innerParams);
    }

    private static Map<String, String> mapParams(RandomFeatureMap map) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PARAM_OUTPUT_DIMENSION, Integer.toString(map.outputDimension()));
        m.put(PARAM_SEED, Long.toString(map.spec().seed()));
        m.putAll(map.spec().params());
        return m;
    }

    /** Parameters split into the map and the inner learner's. */
    private record Parsed(RandomFeatureMap map, String innerType, Map<String, String> innerParams) {

        static Parsed of(int dimension, Map<String, String> params) {
            int outputDimension = DEFAULT_OUTPUT_DIMENSION;
            long seed = DEFAULT_SEED;
            RandomFeatureMap.Nonlinearity nonlinearity = RandomFeatureMap.Nonlinearity.RELU;
            boolean bias = false;
            String innerType = StreamingLda.TYPE;
            Map<String, String> innerParams = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : params.entrySet()) {
                String key = e.getKey();
                String value = e.getValue() == null ? "" : e.getValue().trim();
                if (key.startsWith(INNER_PREFIX)) {
                    innerParams.put(key.substring(INNER_PREFIX.length()), e.getValue());
                    continue;
                }
                switch (key) {
                    case PARAM_OUTPUT_DIMENSION -> outputDimension = parseInt(key, value);
                    case PARAM_SEED -> seed = parseLong(key, value);
                    case RandomFeatureMap.PARAM_NONLINEARITY ->
                            nonlinearity = RandomFeatureMap.Nonlinearity.fromParam(key, value);
                    case RandomFeatureMap.PARAM_BIAS ->
                            bias = RandomFeatureMap.parseBoolean(key, value);
                    case PARAM_INNER -> innerType = value;
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown parameter '"
                                            + key
                                            + "' (value '"
                                            + e.getValue()
                                            + "') for learner type "
                                            + TYPE
                                            + ", known parameters: [outputDimension, seed,"
                                            + " nonlinearity, bias, inner, inner.*]");
                }
            }
            if (TYPE.equals(innerType)) {
                throw new IllegalArgumentException(
                        "parameter inner may not be '" + TYPE + "' (no nested feature maps)");
            }
            if (!Learners.KNOWN_TYPES.contains(innerType)) {
                throw new IllegalArgumentException(
                        "parameter inner has invalid value '"
                                + innerType
                                + "', known types: "
                                + Learners.KNOWN_TYPES);
            }
            if (outputDimension < 1) {
                throw new IllegalArgumentException(
                        "outputDimension must be >= 1, got " + outputDimension);
            }
            return new Parsed(
                    new RandomFeatureMap(dimension, outputDimension, seed, nonlinearity, bias),
                    innerType,
                    innerParams);
        }

        private static int parseInt(String key, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "parameter "
                                + key
                                + " has invalid value '"
                                + value
                                + "', expected an integer");
            }
        }

        private static long parseLong(String key, String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "parameter "
                                + key
                                + " has invalid value '"
                                + value
                                + "', expected an integer");
            }
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public int dimension() {
        return map.inputDimension();
    }

    /** The feature map. */
    public RandomFeatureMap map() {
        return map;
    }

    /** The learner behind the map (live: changing it changes this learner). */
    public Learner inner() {
        return inner;
    }

    /** The parameters, as {@link Learners#create} accepts them. */
    public Map<String, String> params() {
        return new LinkedHashMap<>(params);
    }

    @Override
    public void learn(float[] features, String label) {
        Vectors.requireValid(features, map.inputDimension());
        Learners.requireValidLabel(label);
        inner.learn(mapped(features), label);
    }

    @Override
    public Prediction predict(float[] features) {
        Vectors.requireValid(features, map.inputDimension());
        return inner.predict(mapped(features));
    }

    @Override
    public Prediction predict(float[] features, int k) {
        Vectors.requireValid(features, map.inputDimension());
        return inner.predict(mapped(features), k);
    }

    /**
     * {@code map.apply(x)}, reusing the previous result when the input is equal to the last one.
     */
    private float[] mapped(float[] x) {
        if (lastInput != null && Arrays.equals(x, lastInput)) {
            return lastImage.clone();
        }
        float[] image = map.apply(x);
        lastInput = x.clone();
        lastImage = image.clone();
        return image;
    }

    @Override
    public List<String> classes() {
        return inner.classes();
    }

    @Override
    public long count(String label) {
        return inner.count(label);
    }

    @Override
    public long examplesSeen() {
        return inner.examplesSeen();
    }

    /**
     * Merges the other learner's inner learner into this one's.
     *
     * @throws IllegalArgumentException if the other is not a {@code random-features} learner with
     *     the same map, or the inner learners cannot merge
     */
    @Override
    public void merge(Learner other) {
        FeatureExpandedLearner o = MergeChecks.sameType(this, other, FeatureExpandedLearner.class);
        if (!o.map.spec().equals(map.spec())) {
            throw new IllegalArgumentException(
                    "cannot merge: other feature map "
                            + o.map.spec()
                            + " differs from this learner's "
                            + map.spec());
        }
        inner.merge(o.inner);
    }

    /** The flat state described in the class documentation. */
    @Override
    public LearnerState snapshot() {
        LearnerState s = inner.snapshot();
        Map<String, String> out = new LinkedHashMap<>(mapParams(map));
        out.put(PARAM_INNER, s.learnerType());
        for (Map.Entry<String, String> e : s.params().entrySet()) {
            out.put(INNER_PREFIX + e.getKey(), e.getValue());
        }
        return new LearnerState(
                TYPE, map.inputDimension(), out, s.classes(), s.covariance(), map.spec());
    }

    @Override
    public String toString() {
        return "FeatureExpandedLearner[map=" + map.spec() + ", inner=" + inner + "]";
    }
}
