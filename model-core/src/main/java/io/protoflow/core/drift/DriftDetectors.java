package io.protoflow.core.drift;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Creates scalar drift detectors by type name and parameters (for configuration and the command
 * line, e.g. {@code adwin} with {@code delta=0.002,direction=increase}) and restores them from
 * their state. Absent parameters take the documented defaults of each configuration record.
 */
public final class DriftDetectors {

    /** The scalar detector type names this build knows. */
    public static final List<String> KNOWN_TYPES =
            List.of(
                    AdwinDetector.TYPE,
                    DdmDetector.TYPE,
                    PageHinkleyDetector.TYPE,
                    KswinDetector.TYPE);

    private DriftDetectors() {}

    /**
     * Creates a detector.
     *
     * <ul>
     *   <li>{@code adwin}: {@code delta, warningDelta, checkEvery, maxBucketsPerRow, minSubWindow,
     *       lengthDiscount, direction} ({@link AdwinConfig})
     *   <li>{@code ddm}: {@code minInstances, warningLevel, driftLevel} ({@link DdmConfig})
     *   <li>{@code page-hinkley}: {@code delta, lambda, alpha, minInstances, warningLambda,
     *       direction} ({@link PageHinkleyConfig})
     *   <li>{@code kswin}: {@code alpha, windowSize, statSize, warningAlpha, direction, seed}
     *       ({@link KswinConfig}; seed defaults to 0)
     * </ul>
     *
     * {@code direction} is {@code increase}, {@code decrease} or {@code both}.
     *
     * @throws IllegalArgumentException for an unknown type or parameter (the message lists the
     *     known ones) or an invalid value (the message names key and value)
     */
    public static DriftDetector create(String type, Map<String, String> params) {
        if (params == null) {
            throw new IllegalArgumentException("params is null (pass an empty map for defaults)");
        }
        Params p = new Params(requireKnownType(type), params);
        return switch (p.type) {
            case AdwinDetector.TYPE -> {
                AdwinConfig d = AdwinConfig.defaults();
                p.allow(
                        "delta",
                        "warningDelta",
                        "checkEvery",
                        "maxBucketsPerRow",
                        "minSubWindow",
                        "lengthDiscount",
                        "direction");
                yield new AdwinDetector(
                        new AdwinConfig(
                                p.dbl("delta", d.delta()),
                                p.dbl("warningDelta", d.warningDelta()),
                                p.integer("checkEvery", d.checkEvery()),
                                p.integer("maxBucketsPerRow", d.maxBucketsPerRow()),
                                p.integer("minSubWindow", d.minSubWindow()),
                                p.integer("lengthDiscount", d.lengthDiscount()),
                                p.direction(d.direction())));
            }
            case DdmDetector.TYPE -> {
                DdmConfig d = DdmConfig.defaults();
                p.allow("minInstances", "warningLevel", "driftLevel");
                yield new DdmDetector(
                        new DdmConfig(
                                p.integer("minInstances", d.minInstances()),
                                p.dbl("warningLevel", d.warningLevel()),
                                p.dbl("driftLevel", d.driftLevel())));
            }
            case PageHinkleyDetector.TYPE -> {
                PageHinkleyConfig d = PageHinkleyConfig.defaults();
                p.allow("delta", "lambda", "alpha", "minInstances", "warningLambda", "direction");
                yield new PageHinkleyDetector(
                        new PageHinkleyConfig(
                                p.dbl("delta", d.delta()),
                                p.dbl("lambda", d.lambda()),
                                p.dbl("alpha", d.alpha()),
                                p.integer("minInstances", d.minInstances()),
                                p.dbl("warningLambda", d.warningLambda()),
                                p.direction(d.direction())));
            }
            case KswinDetector.TYPE -> {
                KswinConfig d = KswinConfig.defaults(0);
                p.allow("alpha", "windowSize", "statSize", "warningAlpha", "direction", "seed");
                yield new KswinDetector(
                        new KswinConfig(
                                p.dbl("alpha", d.alpha()),
                                p.integer("windowSize", d.windowSize()),
                                p.integer("statSize", d.statSize()),
                                p.dbl("warningAlpha", d.warningAlpha()),
                                p.direction(d.direction()),
                                p.lng("seed", d.seed())));
            }
            default -> throw new AssertionError("type listed but not created: " + type);
        };
    }

    /**
     * Rebuilds a detector from its state; it continues exactly as the detector that took it.
     *
     * @throws IllegalArgumentException if {@code state} is null
     */
    public static DriftDetector restore(ScalarDetectorState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        return switch (state) {
            case AdwinState s -> AdwinDetector.restore(s);
            case DdmState s -> DdmDetector.restore(s);
            case PageHinkleyState s -> PageHinkleyDetector.restore(s);
            case KswinState s -> KswinDetector.restore(s);
        };
    }

    private static String requireKnownType(String type) {
        String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
        if (!KNOWN_TYPES.contains(t)) {
            throw new IllegalArgumentException(
                    "unknown drift detector type '" + type + "', known: " + KNOWN_TYPES);
        }
        return t;
    }

    /** Parameter lookup with errors that name the detector, the key and the value. */
    private static final class Params {
        final String type;
        final Map<String, String> values;

        Params(String type, Map<String, String> values) {
            this.type = type;
            this.values = new LinkedHashMap<>(values);
        }

        void allow(String... keys) {
            Set<String> known = Set.of(keys);
            for (String k : values.keySet()) {
                if (!known.contains(k)) {
                    throw new IllegalArgumentException(
                            "unknown parameter '"
                                    + k
                                    + "' for drift detector "
                                    + type
                                    + ", known: "
                                    + List.of(keys));
                }
            }
        }

        double dbl(String key, double fallback) {
            String v = values.get(key);
            if (v == null) {
                return fallback;
            }
            try {
                double d = Double.parseDouble(v.trim());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw invalid(key, v, "a finite number");
        }

        int integer(String key, int fallback) {
            String v = values.get(key);
            if (v == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw invalid(key, v, "an integer");
            }
        }

        long lng(String key, long fallback) {
            String v = values.get(key);
            if (v == null) {
                return fallback;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw invalid(key, v, "an integer");
            }
        }

        ChangeDirection direction(ChangeDirection fallback) {
            String v = values.get("direction");
            if (v == null) {
                return fallback;
            }
            for (ChangeDirection d : ChangeDirection.values()) {
                if (d.paramValue().equalsIgnoreCase(v.trim())) {
                    return d;
                }
            }
            throw invalid("direction", v, "one of increase, decrease, both");
        }

        private IllegalArgumentException invalid(String key, String value, String expected) {
            return new IllegalArgumentException(
                    "parameter "
                            + key
                            + " of drift detector "
                            + type
                            + " has invalid value '"
                            + value
                            + "', expected "
                            + expected);
        }
    }
}
