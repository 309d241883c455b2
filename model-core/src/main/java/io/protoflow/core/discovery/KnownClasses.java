package io.protoflow.core.discovery;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.CovarianceState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.PrototypeState;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * What a {@link NovelClassDetector} knows about the learner's classes: their prototypes (all of
 * them, one per class mean or several per prototype mixture) and their spread, the root mean
 * squared distance of a known-class example to its own class prototype. Every distance bound of
 * {@link DiscoveryConfig} is a multiple of the spread. Immutable.
 *
 * <p>Taken from a learner's public snapshot ({@link #of(LearnerState, double)}), never from its
 * internals. The prototypes live in the space the learner learns in: the raw features, or the
 * mapped ones for a learner behind a random feature map ({@link LearnerState#learnedDimension()}).
 *
 * @param classes the known classes and their prototypes (copied), labels distinct
 * @param dimension the dimension of every prototype, >= 1
 * @param spread the known classes' spread, finite and > 0
 */
public record KnownClasses(List<ClassState> classes, int dimension, double spread) {

    public KnownClasses {
        if (classes == null) {
            throw new IllegalArgumentException("classes is null");
        }
        classes = List.copyOf(classes);
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (!(spread > 0.0) || Double.isInfinite(spread)) {
            throw new IllegalArgumentException("spread must be finite and > 0, got " + spread);
        }
        Set<String> labels = new HashSet<>();
        for (ClassState c : classes) {
            if (!labels.add(c.label())) {
                throw new IllegalArgumentException(
                        "classes has duplicate label '" + c.label() + "'");
            }
            for (PrototypeState p : c.prototypes()) {
                if (p.dimension() != dimension) {
                    throw new IllegalArgumentException(
                            "class '"
                                    + c.label()
                                    + "' has a prototype of dimension "
                                    + p.dimension()
                                    + ", expected "
                                    + dimension);
                }
            }
        }
    }

    /**
     * The classes of a learner snapshot with a spread the caller measured (for instance the root
     * mean squared distance of labelled examples to their class prototype, or {@link #pooledSpread}
     * for streaming LDA).
     *
     * @throws IllegalArgumentException if the state is null or the spread invalid
     */
    public static KnownClasses of(LearnerState state, double spread) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        return new KnownClasses(state.classes(), state.learnedDimension(), spread);
    }

    /** {@link #of(LearnerState, double)} on {@code learner.snapshot()}. */
    public static KnownClasses of(Learner learner, double spread) {
        if (learner == null) {
            throw new IllegalArgumentException("learner is null");
        }
        return of(learner.snapshot(), spread);
    }

    /**
     * The spread implied by a pooled within-class covariance (streaming LDA keeps one): {@code
     * sqrt(trace(Sigma))}, which is exactly the root mean squared distance of the accumulated
     * examples to their class means. Empty when the state has no covariance or it holds no example.
     */
    public static OptionalDouble pooledSpread(LearnerState state) {
        if (state == null) {
            throw new IllegalArgumentException("state is null");
        }
        CovarianceState cov = state.covariance();
        if (cov == null || cov.count() == 0) {
            return OptionalDouble.empty();
        }
        double[] packed = cov.packedUpper();
        int d = cov.dimension();
        double trace = 0.0;
        int index = 0;
        for (int row = 0; row < d; row++) {
            trace += packed[index];
            index += d - row;
        }
        return trace > 0.0 ? OptionalDouble.of(Math.sqrt(trace)) : OptionalDouble.empty();
    }

    /** The number of prototypes over all classes. */
    public int prototypeCount() {
        int n = 0;
        for (ClassState c : classes) {
            n += c.prototypes().size();
        }
        return n;
    }
}
