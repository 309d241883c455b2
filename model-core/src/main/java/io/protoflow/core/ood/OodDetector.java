package io.protoflow.core.ood;

import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.OodThresholdState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Several OOD scorers with one calibrated threshold each: what a streaming operator holds beside
 * its learner. Per example, in test-then-train order:
 *
 * <ol>
 *   <li>{@link #score} the features before learning them (the first scorer is the primary one,
 *       whose score and flag a prediction carries);
 *   <li>if the example is labelled with a class the model already knows well (say at least a few
 *       dozen examples: a new class's first examples really are out of distribution), {@link
 *       #calibrate} with those scores;
 *   <li>learn it, then {@link #observe} it;
 *   <li>every few thousand learned examples, {@link #update} with {@code learner.snapshot()}.
 * </ol>
 *
 * The thresholds travel in the model snapshot ({@link #thresholds()}, {@link #restoreThresholds});
 * scorer state of their own (kNN reservoir, own covariance) is reached through {@link #scorers()}.
 * Not thread-safe.
 */
public final class OodDetector {

    /**
     * One scorer's verdict.
     *
     * @param scorer the scorer's name
     * @param score the score (higher is more unusual)
     * @param threshold the calibrated threshold, {@code +Infinity} before calibration
     * @param flagged whether the score is above the threshold
     */
    public record Score(String scorer, double score, double threshold, boolean flagged) {}

    private final Map<String, OodScorer> scorers = new LinkedHashMap<>();
    private final Map<String, ThresholdCalibrator> calibrators = new LinkedHashMap<>();
    private final double targetFlagRate;

    /**
     * Creates a detector; all scorers share the target in-distribution flag rate.
     *
     * @throws IllegalArgumentException if the list is empty, two scorers share a name or their
     *     dimensions differ, or the rate is not in (0, 1)
     */
    public OodDetector(List<OodScorer> scorers, double targetFlagRate) {
        if (scorers == null || scorers.isEmpty()) {
            throw new IllegalArgumentException("scorers is empty: give at least one OOD scorer");
        }
        int dimension = scorers.get(0).dimension();
        for (OodScorer s : scorers) {
            if (s.dimension() != dimension) {
                throw new IllegalArgumentException(
                        "scorer '"
                                + s.name()
                                + "' has dimension "
                                + s.dimension()
                                + ", scorer '"
                                + scorers.get(0).name()
                                + "' has "
                                + dimension);
            }
            if (this.scorers.put(s.name(), s) != null) {
                throw new IllegalArgumentException("two scorers are named '" + s.name() + "'");
            }
            calibrators.put(s.name(), new ThresholdCalibrator(s.name(), targetFlagRate));
        }
        this.targetFlagRate = targetFlagRate;
    }

    /** The scorers, the primary one first. */
    public List<OodScorer> scorers() {
        return List.copyOf(scorers.values());
    }

    /** The name of the primary scorer (the first). */
    public String primary() {
        return scorers.keySet().iterator().next();
    }

    /**
     * The primary scorer's verdict among {@code scores} (from {@link #score}), empty while that
     * scorer is not ready: what a prediction's {@code oodScore} and {@code oodFlag} carry.
     */
    public Optional<Score> primaryOf(List<Score> scores) {
        String primary = primary();
        return scores.stream().filter(s -> s.scorer().equals(primary)).findFirst();
    }

    /** The share of in-distribution examples each threshold flags. */
    public double targetFlagRate() {
        return targetFlagRate;
    }

    /** Hands the learner's current state to every scorer ({@link OodScorer#update}). */
    public void update(LearnerState learner) {
        for (OodScorer s : scorers.values()) {
            s.update(learner);
        }
    }

    /** Shows every scorer a labelled example ({@link OodScorer#observe}). */
    public void observe(float[] features, String label) {
        for (OodScorer s : scorers.values()) {
            s.observe(features, label);
        }
    }

    /**
     * The verdicts of the scorers that are ready, in scorer order (empty while none is).
     *
     * @throws IllegalArgumentException if the features are invalid, naming the value
     */
    public List<Score> score(float[] features) {
        List<Score> out = new ArrayList<>(scorers.size());
        for (OodScorer s : scorers.values()) {
            if (s.ready()) {
                double score = s.score(features);
                ThresholdCalibrator c = calibrators.get(s.name());
                out.add(new Score(s.name(), score, c.threshold(), c.flags(score)));
            }
        }
        return out;
    }

    /**
     * Adds the scores of an in-distribution example to the calibrators of their scorers.
     *
     * @throws IllegalArgumentException for a score of an unknown scorer
     */
    public void calibrate(List<Score> inDistribution) {
        for (Score s : inDistribution) {
            calibrator(s.scorer()).observe(s.score());
        }
    }

    /**
     * The calibrator of one scorer.
     *
     * @throws IllegalArgumentException for an unknown scorer
     */
    public ThresholdCalibrator calibrator(String scorer) {
        ThresholdCalibrator c = calibrators.get(scorer);
        if (c == null) {
            throw new IllegalArgumentException(
                    "unknown scorer '" + scorer + "', this detector has " + scorers.keySet());
        }
        return c;
    }

    /** The thresholds with their sketches, in scorer order, for the model snapshot. */
    public List<OodThresholdState> thresholds() {
        return calibrators.values().stream().map(ThresholdCalibrator::state).toList();
    }

    /**
     * The own state of every scorer that keeps one, by scorer name, in scorer order: the kNN
     * reservoir ({@link KnnScorer#state()}) and the own Mahalanobis estimate ({@link
     * MahalanobisScorer#ownEstimate()}). Scorers that only read the learner have none.
     */
    public Map<String, LearnerState> scorerStates() {
        Map<String, LearnerState> out = new LinkedHashMap<>();
        for (OodScorer s : scorers.values()) {
            if (s instanceof KnnScorer knn) {
                out.put(s.name(), knn.state());
            } else if (s instanceof MahalanobisScorer m
                    && m.source() == MahalanobisScorer.CovarianceSource.OWN) {
                out.put(s.name(), m.ownEstimate());
            }
        }
        return out;
    }

    /**
     * Restores states from {@link #scorerStates()} into the scorers of the same name; states of
     * scorers this detector does not have are ignored.
     *
     * @throws IllegalArgumentException if a state does not fit its scorer (type, dimension,
     *     reservoir size)
     */
    public void restoreScorerStates(Map<String, LearnerState> states) {
        for (Map.Entry<String, LearnerState> e : states.entrySet()) {
            OodScorer s = scorers.get(e.getKey());
            if (s instanceof KnnScorer knn) {
                if (!KnnScorer.STATE_TYPE.equals(e.getValue().learnerType())) {
                    throw new IllegalArgumentException(
                            "state of scorer '"
                                    + e.getKey()
                                    + "' has type '"
                                    + e.getValue().learnerType()
                                    + "', expected '"
                                    + KnnScorer.STATE_TYPE
                                    + "'");
                }
                knn.restoreReservoir(e.getValue());
            } else if (s instanceof MahalanobisScorer m
                    && m.source() == MahalanobisScorer.CovarianceSource.OWN) {
                m.restoreOwnEstimate(e.getValue());
            }
        }
    }

    /**
     * Restores the thresholds of a snapshot. Thresholds of scorers this detector does not have are
     * ignored; scorers without one keep theirs. A threshold calibrated for another target rate is
     * recomputed from its sketch at this detector's rate.
     *
     * @throws IllegalArgumentException if a sketch cannot be read, or a scorer appears twice
     */
    public void restoreThresholds(List<OodThresholdState> thresholds) {
        Set<String> seen = new HashSet<>();
        for (OodThresholdState t : thresholds) {
            if (!seen.add(t.scorer())) {
                throw new IllegalArgumentException(
                        "thresholds has scorer '" + t.scorer() + "' twice");
            }
            if (calibrators.containsKey(t.scorer())) {
                calibrators.put(t.scorer(), ThresholdCalibrator.restore(t, targetFlagRate));
            }
        }
    }
}
