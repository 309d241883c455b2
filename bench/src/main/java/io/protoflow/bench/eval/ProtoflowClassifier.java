package io.protoflow.bench.eval;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.ScoredLabel;

/** Drives a Protoflow {@link Learner} as a {@link StreamClassifier}: the top-ranked label wins. */
public final class ProtoflowClassifier implements StreamClassifier {

    private final String name;
    private final Learner learner;

    /** Wraps a learner under a report name (usually its {@link LearnerSpec}). */
    public ProtoflowClassifier(String name, Learner learner) {
        if (name == null || learner == null) {
            throw new IllegalArgumentException("name and learner must not be null");
        }
        this.name = name;
        this.learner = learner;
    }

    /** Creates the learner a spec names, for features of the given dimension. */
    public static ProtoflowClassifier of(LearnerSpec spec, int dimension) {
        return new ProtoflowClassifier(spec.toString(), spec.create(dimension));
    }

    @Override
    public String name() {
        return name;
    }

    /** The wrapped learner. */
    public Learner learner() {
        return learner;
    }

    @Override
    public void learn(float[] features, String label) {
        learner.learn(features, label);
    }

    @Override
    public String predict(float[] features) {
        return learner.predict(features, 1).top().map(ScoredLabel::label).orElse(null);
    }
}
