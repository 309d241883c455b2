package io.protoflow.core.ood;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Creates OOD scorers by name with string parameters, so that configuration files, the CLI and
 * streaming jobs name a scorer ({@code "knn"}) instead of a class. Absent parameters take the
 * defaults documented on each scorer; unknown or invalid ones fail naming the key and the value.
 */
public final class OodScorers {

    /** The scorer names this build knows. */
    public static final List<String> KNOWN_NAMES =
            List.of(
                    MahalanobisScorer.NAME,
                    MaxCosineScorer.NAME,
                    KnnScorer.NAME,
                    EnergyScorer.NAME);

    private OodScorers() {}

    /**
     * Creates an empty scorer.
     *
     * @param name one of {@link #KNOWN_NAMES}
     * @param dimension the learner's input dimension, >= 1
     * @param params scorer parameters (may be empty, not null)
     * @throws IllegalArgumentException for an unknown name (listing the known ones), an invalid
     *     dimension, or an unknown or invalid parameter (naming key and value)
     */
    public static OodScorer create(String name, int dimension, Map<String, String> params) {
        if (params == null) {
            throw new IllegalArgumentException("params is null (pass an empty map for defaults)");
        }
        if (name == null || !KNOWN_NAMES.contains(name)) {
            throw new IllegalArgumentException(
                    "unknown OOD scorer '" + name + "', known scorers: " + KNOWN_NAMES);
        }
        return switch (name) {
            case MahalanobisScorer.NAME -> {
                requireKnownKeys(
                        name,
                        params,
                        Set.of(
                                MahalanobisScorer.PARAM_COVARIANCE,
                                MahalanobisScorer.PARAM_RELATIVE,
                                MahalanobisScorer.PARAM_SHRINKAGE,
                                MahalanobisScorer.PARAM_REFRESH_EVERY));
                String source = params.get(MahalanobisScorer.PARAM_COVARIANCE);
                MahalanobisScorer.CovarianceSource cs =
                        source == null
                                ? MahalanobisScorer.CovarianceSource.LEARNER
                                : parseSource(source);
                String s = params.get(MahalanobisScorer.PARAM_SHRINKAGE);
                String r = params.get(MahalanobisScorer.PARAM_REFRESH_EVERY);
                yield new MahalanobisScorer(
                        dimension,
                        cs,
                        s == null
                                ? OptionalDouble.empty()
                                : OptionalDouble.of(
                                        parseDouble(MahalanobisScorer.PARAM_SHRINKAGE, s)),
                        r == null
                                ? MahalanobisScorer.defaultRefreshEvery(dimension)
                                : parseInt(MahalanobisScorer.PARAM_REFRESH_EVERY, r),
                        boolParam(params, MahalanobisScorer.PARAM_RELATIVE, false));
            }
            case MaxCosineScorer.NAME -> {
                requireKnownKeys(name, params, Set.of());
                yield new MaxCosineScorer(dimension);
            }
            case KnnScorer.NAME -> {
                requireKnownKeys(
                        name,
                        params,
                        Set.of(
                                KnnScorer.PARAM_K,
                                KnnScorer.PARAM_RESERVOIR_SIZE,
                                KnnScorer.PARAM_NORMALIZE,
                                KnnScorer.PARAM_SEED));
                yield new KnnScorer(
                        dimension,
                        intParam(params, KnnScorer.PARAM_K, KnnScorer.DEFAULT_K),
                        intParam(
                                params,
                                KnnScorer.PARAM_RESERVOIR_SIZE,
                                KnnScorer.DEFAULT_RESERVOIR_SIZE),
                        boolParam(params, KnnScorer.PARAM_NORMALIZE, false),
                        params.containsKey(KnnScorer.PARAM_SEED)
                                ? parseLong(KnnScorer.PARAM_SEED, params.get(KnnScorer.PARAM_SEED))
                                : KnnScorer.DEFAULT_SEED);
            }
            case EnergyScorer.NAME -> {
                requireKnownKeys(name, params, Set.of(EnergyScorer.PARAM_TEMPERATURE));
                String t = params.get(EnergyScorer.PARAM_TEMPERATURE);
                yield new EnergyScorer(
                        dimension,
                        t == null
                                ? EnergyScorer.DEFAULT_TEMPERATURE
                                : parseDouble(EnergyScorer.PARAM_TEMPERATURE, t));
            }
            default -> throw new AssertionError("scorer listed but not created: " + name);
        };
    }

    static int requireDimension(int dimension) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        return dimension;
    }

    static void requireReady(OodScorer scorer) {
        if (!scorer.ready()) {
            throw new IllegalStateException(
                    "OOD scorer '"
                            + scorer.name()
                            + "' cannot score yet: it knows no class (update it with a learner"
                            + " state, or observe examples)");
        }
    }

    private static MahalanobisScorer.CovarianceSource parseSource(String value) {
        for (MahalanobisScorer.CovarianceSource s : MahalanobisScorer.CovarianceSource.values()) {
            if (s.paramValue().equalsIgnoreCase(value.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "parameter "
                        + MahalanobisScorer.PARAM_COVARIANCE
                        + " has invalid value '"
                        + value
                        + "', expected one of [learner, own]");
    }

    private static void requireKnownKeys(
            String name, Map<String, String> params, Set<String> known) {
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw new IllegalArgumentException(
                        "unknown parameter '"
                                + e.getKey()
                                + "' (value '"
                                + e.getValue()
                                + "') for OOD scorer "
                                + name
                                + ", known parameters: "
                                + known.stream().sorted().toList());
            }
        }
    }

    private static int intParam(Map<String, String> params, String key, int fallback) {
        String v = params.get(key);
        return v == null ? fallback : parseInt(key, v);
    }

    private static boolean boolParam(Map<String, String> params, String key, boolean fallback) {
        String v = params.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                    throw new IllegalArgumentException(
                            "parameter "
                                    + key
                                    + " has invalid value '"
                                    + v
                                    + "', expected true or false");
        };
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "parameter " + key + " has invalid value '" + value + "', expected an integer",
                    e);
        }
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "parameter " + key + " has invalid value '" + value + "', expected an integer",
                    e);
        }
    }

    private static double parseDouble(String key, String value) {
        double d;
        try {
            d = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException(
                    "parameter "
                            + key
                            + " has invalid value '"
                            + value
                            + "', expected a finite number");
        }
        return d;
    }
}
