package io.protoflow.bench.drift;

import io.protoflow.bench.eval.LearnerSpec;
import io.protoflow.core.drift.DriftDetector;
import io.protoflow.core.drift.DriftDetectors;
import io.protoflow.core.drift.DriftState;
import java.util.List;
import java.util.Map;
import moa.classifiers.core.driftdetection.ADWINChangeDetector;
import moa.classifiers.core.driftdetection.AbstractChangeDetector;
import moa.classifiers.core.driftdetection.DDM;
import moa.classifiers.core.driftdetection.PageHinkleyDM;

/**
 * A detector named on the command line: a Protoflow detector {@code type[:key=value,...]} (passed
 * to {@link DriftDetectors#create}, e.g. {@code adwin:direction=increase}) or a MOA detector {@code
 * moa-adwin}, {@code moa-ddm}, {@code moa-page-hinkley} with one-letter MOA options ({@code
 * moa-adwin:a=0.002}). Both are driven through {@link Running}, one value at a time.
 *
 * @param spec the parsed spec
 */
public record DetectorSpec(LearnerSpec spec) {

    /** The MOA detectors this harness knows (moa.classifiers.core.driftdetection). */
    public static final List<String> MOA = List.of("moa-adwin", "moa-ddm", "moa-page-hinkley");

    /** A running detector. */
    public interface Running {
        /** Consumes one error indicator; true if the detector signals a change at it. */
        boolean update(double error);
    }

    /**
     * Parses and validates a spec by creating a detector once.
     *
     * @throws IllegalArgumentException for an unknown type, parameter or value
     */
    public static DetectorSpec parse(String text) {
        DetectorSpec s = new DetectorSpec(LearnerSpec.parse(text));
        s.create();
        return s;
    }

    /** The spec as given, e.g. {@code adwin:checkEvery=32}. */
    public String name() {
        return spec.toString();
    }

    /** Whether this is a MOA detector. */
    public boolean isMoa() {
        return MOA.contains(spec.type());
    }

    /** A fresh detector. */
    public Running create() {
        if (!isMoa()) {
            DriftDetector d = DriftDetectors.create(spec.type(), spec.params());
            return error -> d.update(error) == DriftState.DRIFT;
        }
        AbstractChangeDetector d =
                switch (spec.type()) {
                    case "moa-adwin" -> new ADWINChangeDetector();
                    case "moa-ddm" -> new DDM();
                    case "moa-page-hinkley" -> new PageHinkleyDM();
                    default -> throw new AssertionError(spec.type());
                };
        StringBuilder cli = new StringBuilder();
        for (Map.Entry<String, String> e : spec.params().entrySet()) {
            if (e.getKey().length() != 1) {
                throw new IllegalArgumentException(
                        "MOA option '" + e.getKey() + "' in '" + spec + "' must be one letter");
            }
            cli.append(" -").append(e.getKey()).append(' ').append(e.getValue());
        }
        if (!cli.isEmpty()) {
            try {
                d.getOptions().setViaCLIString(cli.toString().trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "invalid MOA options '" + cli.toString().trim() + "' for " + spec, e);
            }
        }
        d.prepareForUse();
        return error -> {
            d.input(error);
            return d.getChange();
        };
    }
}
