package io.protoflow.bench.drift;

import com.yahoo.labs.samoa.instances.Instance;
import moa.classifiers.AbstractClassifier;
import moa.classifiers.bayes.NaiveBayes;
import moa.classifiers.trees.HoeffdingTree;
import moa.streams.InstanceStream;

/**
 * The 0/1 error stream of a MOA base classifier run prequentially (each record predicted, then
 * learned) over a {@link DriftStream}. The classifier is never reset, so every detector is fed the
 * same stream; after a drift its error rises and then falls as it learns the new concept.
 */
public final class PrequentialErrors {

    /** Base classifiers by name. */
    public static final java.util.List<String> CLASSIFIERS = java.util.List.of("nb", "ht");

    private PrequentialErrors() {}

    /**
     * Runs the classifier over the stream.
     *
     * @param classifier {@code nb} (MOA Naive Bayes) or {@code ht} (MOA Hoeffding tree)
     * @return per record 1 if it was misclassified, else 0
     */
    public static double[] of(DriftStream stream, String classifier) {
        AbstractClassifier c =
                switch (classifier) {
                    case "nb" -> new NaiveBayes();
                    case "ht" -> new HoeffdingTree();
                    default ->
                            throw new IllegalArgumentException(
                                    "classifier must be one of "
                                            + CLASSIFIERS
                                            + ", got '"
                                            + classifier
                                            + "'");
                };
        InstanceStream s = stream.open();
        c.setModelContext(s.getHeader());
        c.prepareForUse();
        c.resetLearning();
        double[] errors = new double[stream.length()];
        for (int i = 0; i < errors.length; i++) {
            Instance x = s.nextInstance().getData();
            errors[i] = c.correctlyClassifies(x) ? 0 : 1;
            c.trainOnInstance(x);
        }
        return errors;
    }
}
