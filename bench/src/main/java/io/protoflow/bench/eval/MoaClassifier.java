package io.protoflow.bench.eval;

import com.yahoo.labs.samoa.instances.Attribute;
import com.yahoo.labs.samoa.instances.DenseInstance;
import com.yahoo.labs.samoa.instances.Instance;
import com.yahoo.labs.samoa.instances.Instances;
import com.yahoo.labs.samoa.instances.InstancesHeader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import moa.classifiers.AbstractClassifier;
import moa.classifiers.bayes.NaiveBayes;
import moa.classifiers.lazy.kNN;
import moa.classifiers.meta.AdaptiveRandomForest;
import moa.classifiers.trees.HoeffdingTree;

/**
 * A MOA classifier (GPL-3.0, bench only) driven through MOA's own API on the same stream as the
 * Protoflow learners: each example becomes a dense MOA instance with numeric attributes and a
 * nominal class whose values are all the dataset's labels (MOA needs them in the header up front;
 * the model still only learns from the examples it sees).
 *
 * <p>Specs: {@code nb} (Naive Bayes), {@code knn} (kNN, default {@code k=10}, window {@code
 * w=1000}), {@code ht} (Hoeffding tree), {@code arf} (adaptive random forest), optionally with MOA
 * options as {@code name:o=value,...} where each key is a one-letter MOA option ({@code
 * knn:k=5,w=500} becomes {@code -k 5 -w 500}).
 */
public final class MoaClassifier implements StreamClassifier {

    /** The MOA learners this harness knows, by spec name. */
    public static final List<String> KNOWN = List.of("nb", "knn", "ht", "arf");

    private final String name;
    private final AbstractClassifier classifier;
    private final InstancesHeader header;
    private final Map<String, Integer> classIndex = new LinkedHashMap<>();
    private final List<String> classValues;
    private final int dimension;

    private MoaClassifier(
            String name, AbstractClassifier classifier, int dimension, List<String> labels) {
        this.name = name;
        this.classifier = classifier;
        this.dimension = dimension;
        this.classValues = List.copyOf(labels);
        for (int i = 0; i < classValues.size(); i++) {
            classIndex.put(classValues.get(i), i);
        }
        List<Attribute> attributes = new ArrayList<>(dimension + 1);
        for (int i = 0; i < dimension; i++) {
            attributes.add(new Attribute("x" + i));
        }
        attributes.add(new Attribute("class", new ArrayList<>(classValues)));
        Instances data = new Instances("protoflow-stream", attributes, 0);
        data.setClassIndex(dimension);
        this.header = new InstancesHeader(data);
        classifier.setModelContext(header);
        classifier.prepareForUse();
        classifier.resetLearning();
    }

    /**
     * Creates a MOA baseline from its spec.
     *
     * @param spec {@code nb}, {@code knn}, {@code ht} or {@code arf}, optionally {@code
     *     :o=value,...} with one-letter MOA options
     * @param dimension number of numeric attributes
     * @param labels every class label of the dataset (the nominal class values)
     * @throws IllegalArgumentException for an unknown spec or option
     */
    public static MoaClassifier create(String spec, int dimension, List<String> labels) {
        LearnerSpec parsed = LearnerSpec.parse(spec);
        AbstractClassifier c =
                switch (parsed.type()) {
                    case "nb" -> new NaiveBayes();
                    case "knn" -> new kNN();
                    case "ht" -> new HoeffdingTree();
                    case "arf" -> new AdaptiveRandomForest();
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown MOA learner '" + parsed.type() + "', known: " + KNOWN);
                };
        StringBuilder cli = new StringBuilder();
        for (Map.Entry<String, String> e : parsed.params().entrySet()) {
            if (e.getKey().length() != 1) {
                throw new IllegalArgumentException(
                        "MOA option '"
                                + e.getKey()
                                + "' in '"
                                + spec
                                + "' must be a one-letter MOA option, e.g. knn:k=5,w=500");
            }
            cli.append(" -").append(e.getKey()).append(' ').append(e.getValue());
        }
        if (!cli.isEmpty()) {
            try {
                c.getOptions().setViaCLIString(cli.toString().trim());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "invalid MOA options '" + cli.toString().trim() + "' for " + spec, e);
            }
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (labels == null || labels.isEmpty()) {
            throw new IllegalArgumentException("labels must not be empty");
        }
        return new MoaClassifier("moa:" + parsed, c, dimension, labels);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void learn(float[] features, String label) {
        Integer cls = classIndex.get(label);
        if (cls == null) {
            throw new IllegalArgumentException(
                    "label '" + label + "' is not among the declared classes " + classValues);
        }
        classifier.trainOnInstance(toInstance(features, cls));
    }

    @Override
    public String predict(float[] features) {
        double[] votes = classifier.getVotesForInstance(toInstance(features, 0));
        int best = -1;
        double bestVote = 0.0;
        for (int i = 0; i < votes.length && i < classValues.size(); i++) {
            if (votes[i] > bestVote) {
                bestVote = votes[i];
                best = i;
            }
        }
        return best < 0 ? null : classValues.get(best);
    }

    private Instance toInstance(float[] x, int cls) {
        if (x.length != dimension) {
            throw new IllegalArgumentException(
                    "features has dimension " + x.length + ", expected " + dimension);
        }
        double[] values = new double[dimension + 1];
        for (int i = 0; i < dimension; i++) {
            values[i] = x[i];
        }
        values[dimension] = cls;
        Instance inst = new DenseInstance(1.0, values);
        inst.setDataset(header);
        return inst;
    }
}
