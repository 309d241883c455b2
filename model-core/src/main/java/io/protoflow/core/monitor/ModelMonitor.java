package io.protoflow.core.monitor;

import io.protoflow.core.alert.Alert;
import io.protoflow.core.alert.AlertKey;
import io.protoflow.core.alert.AlertSeverity;
import io.protoflow.core.alert.AlertStatus;
import io.protoflow.core.alert.AlertType;
import io.protoflow.core.alert.AlertWindow;
import io.protoflow.core.alert.DriftAlertMonitor;
import io.protoflow.core.alert.NovelClass;
import io.protoflow.core.alert.OodRateMonitor;
import io.protoflow.core.discovery.ClassPromotion;
import io.protoflow.core.discovery.KnownClasses;
import io.protoflow.core.discovery.NovelClassCandidate;
import io.protoflow.core.discovery.NovelClassDetector;
import io.protoflow.core.discovery.OodRecord;
import io.protoflow.core.drift.DriftDetectors;
import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Vectors;
import io.protoflow.core.ood.OodDetector;
import io.protoflow.core.ood.OodScorers;
import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.LearnerState;
import io.protoflow.core.snapshot.OodThresholdState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything that watches one model beside its learner, in one object a streaming operator keeps in
 * state: the calibrated OOD verdict of each prediction, the OOD-rate alert, the error-rate drift
 * alert (fed by prequential labels and by labels that arrive later), and novel-class discovery over
 * the flagged records, whose labelled candidates become classes of the learner.
 *
 * <p>Per example, in test-then-train order: {@link #score} before learning; {@link
 * #afterPrediction} with the verdict; {@link #outcome} whenever the truth about a prediction is
 * known; {@link #learned} after the learner learned a labelled example. Alerts come back as values
 * to publish. State round-trips through {@link ModelMonitorCodec}. Not thread-safe.
 */
public final class ModelMonitor {

    /** Detector name of NOVEL_CLASS alerts. */
    public static final String NOVELTY_DETECTOR = "novelty-clustering";

    /** Squared distances seen before the spread of the known classes is trusted for discovery. */
    static final long MIN_SPREAD_SAMPLES = 100;

    /**
     * The OOD verdict of one prediction.
     *
     * @param scored whether the primary scorer was ready (false until the model knows a class)
     * @param score the primary score (NaN when not scored)
     * @param flagged whether the score is above the calibrated threshold
     * @param scores every ready scorer's verdict (for calibration)
     */
    public record Verdict(
            boolean scored, double score, boolean flagged, List<OodDetector.Score> scores) {

        static final Verdict NONE = new Verdict(false, Double.NaN, false, List.of());
    }

    private final String modelId;
    private final int dimension;
    private final MonitorConfig config;
    final OodDetector ood;
    final OodRateMonitor oodRate;
    final DriftAlertMonitor drift;
    NovelClassDetector novelty;

    /** Examples learned since the scorers last saw the learner's state. */
    long learnedSinceRefresh;

    /** The learner's example count at the last refresh. */
    long learnedAtRefresh;

    /** Whether the scorers must see the learner's state before the next score. */
    boolean scorersStale = true;

    /** Sum and count of squared distances of learned examples to their class prototype. */
    double spreadSum;

    long spreadCount;

    /** Class means of the learner's state at the last refresh, for the spread estimate. */
    private Map<String, double[]> refreshedMeans = Map.of();

    /** The learner state the scorers were last refreshed with (null before the first). */
    LearnerState refreshedWith;

    /**
     * A fresh monitor for one model.
     *
     * @throws IllegalArgumentException on a blank model id, a dimension below 1 or a null config
     */
    public ModelMonitor(String modelId, int dimension, MonitorConfig config) {
        this(
                modelId,
                dimension,
                config,
                new OodRateMonitor(modelId, config.oodRate()),
                new DriftAlertMonitor(
                        modelId,
                        DriftDetectors.create(config.driftDetector(), config.driftParams()),
                        config.driftAlertConfig()));
    }

    ModelMonitor(
            String modelId,
            int dimension,
            MonitorConfig config,
            OodRateMonitor oodRate,
            DriftAlertMonitor drift) {
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId is blank: '" + modelId + "'");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (config == null) {
            throw new IllegalArgumentException("config is null");
        }
        this.modelId = modelId;
        this.dimension = dimension;
        this.config = config;
        this.ood =
                new OodDetector(
                        List.of(
                                OodScorers.create(
                                        config.oodScorer(), dimension, config.oodParams())),
                        config.targetFlagRate());
        this.oodRate = oodRate;
        this.drift = drift;
    }

    /** The model this monitor watches. */
    public String modelId() {
        return modelId;
    }

    /** The input dimension. */
    public int dimension() {
        return dimension;
    }

    /** The configuration. */
    public MonitorConfig config() {
        return config;
    }

    /** The calibrated thresholds, for the model snapshot. */
    public List<OodThresholdState> thresholds() {
        return ood.thresholds();
    }

    /** The number of novel classes discovery currently estimates (0 when it is off). */
    public int estimatedNewClasses() {
        return novelty == null ? 0 : novelty.estimatedNewClasses();
    }

    /**
     * The OOD verdict for {@code features} against the learner's current knowledge; scores nothing
     * while the learner knows no class.
     */
    public Verdict score(Learner learner, float[] features) {
        // examplesSeen, not classes(): the latter copies every label on each prediction
        if (learner.examplesSeen() == 0) {
            return Verdict.NONE;
        }
        if (scorersStale) {
            refresh(learner);
        }
        List<OodDetector.Score> scores = ood.score(features);
        Optional<OodDetector.Score> primary = ood.primaryOf(scores);
        if (primary.isEmpty()) {
            return new Verdict(false, Double.NaN, false, scores);
        }
        return new Verdict(true, primary.get().score(), primary.get().flagged(), scores);
    }

    /**
     * Feeds the OOD-rate monitor and, for a flagged example, novel-class discovery. Call once per
     * prediction.
     *
     * @return alerts to publish (OOD_RATE raised/resolved, NOVEL_CLASS raised)
     */
    public List<Alert> afterPrediction(
            String exampleId,
            float[] features,
            Verdict verdict,
            long eventTimeMillis,
            long nowMillis,
            long modelVersion) {
        if (!verdict.scored()) {
            return List.of();
        }
        List<Alert> alerts = new ArrayList<>(1);
        oodRate.update(verdict.flagged(), eventTimeMillis, nowMillis, modelVersion)
                .ifPresent(alerts::add);
        if (verdict.flagged() && novelty != null && features.length == novelty.dimension()) {
            for (NovelClassCandidate c :
                    novelty.add(new OodRecord(exampleId, features, eventTimeMillis))) {
                alerts.add(novelClassAlert(c, nowMillis, modelVersion));
            }
        }
        return alerts;
    }

    /**
     * The truth about one prediction is known: feeds the error-rate drift detector.
     *
     * @return a DRIFT alert raised or resolved by this outcome, if any
     */
    public Optional<Alert> outcome(
            boolean wrong, long eventTimeMillis, long nowMillis, long modelVersion) {
        return drift.update(wrong ? 1.0 : 0.0, eventTimeMillis, nowMillis, modelVersion);
    }

    /**
     * A label arrived for an example that may sit in a novel-class candidate: when the candidate
     * has enough labelled members it becomes a class of {@code learner} (its buffered members are
     * learned under the majority label, which is exact for class means and streaming LDA).
     *
     * @return the promotion applied, if any
     */
    public Optional<ClassPromotion> labelArrived(Learner learner, String exampleId, String label) {
        if (novelty == null || !novelty.contains(exampleId)) {
            return Optional.empty();
        }
        Optional<ClassPromotion> promotion = novelty.assignLabel(exampleId, label);
        promotion.ifPresent(
                p -> {
                    p.applyTo(learner);
                    scorersStale = true;
                });
        return promotion;
    }

    /**
     * The learner has learned a labelled example that was scored with {@code verdict}: calibrates
     * the thresholds when the class was already well known, shows the example to the scorers, and
     * refreshes them with the learner's state every {@code scorerRefreshEvery} examples.
     *
     * @param countBefore the class's example count before it learned this one
     */
    public void learned(
            Learner learner, float[] features, String label, Verdict verdict, long countBefore) {
        if (countBefore >= config.calibrationMinCount() && !verdict.scores().isEmpty()) {
            ood.calibrate(verdict.scores());
        }
        ood.observe(features, label);
        double[] mean = refreshedMeans.get(label);
        if (mean != null) {
            spreadSum += Vectors.squaredDistance(features, mean);
            spreadCount++;
        }
        // a new class, or (early on, while the model moves fast) a doubling of what it learned:
        // calibrating against a stale view would set the threshold far too high
        long due = Math.min(config.scorerRefreshEvery(), Math.max(16, learnedAtRefresh));
        if (countBefore == 0 || ++learnedSinceRefresh >= due) {
            scorersStale = true;
        }
    }

    /**
     * Hands the learner's state to the scorers and to discovery now (also done lazily every {@code
     * scorerRefreshEvery} learned examples and after a restore).
     */
    public void refresh(Learner learner) {
        LearnerState state = learner.snapshot();
        restoreRefresh(state);
        learnedSinceRefresh = 0;
        learnedAtRefresh = learner.examplesSeen();
        scorersStale = false;
        if (state.learnedDimension() != dimension) {
            // prototypes live in a mapped space: no spread or discovery on raw features
            return;
        }
        if (config.discovery() != null && spreadCount >= MIN_SPREAD_SAMPLES) {
            double spread = Math.sqrt(spreadSum / spreadCount);
            if (spread > 0) {
                KnownClasses known = KnownClasses.of(state, spread);
                if (novelty == null) {
                    novelty = new NovelClassDetector(config.discovery(), known);
                } else {
                    novelty.updateKnownClasses(known);
                }
            }
        }
    }

    /** Points the scorers and the spread estimate at {@code state} (also used on decode). */
    void restoreRefresh(LearnerState state) {
        ood.update(state);
        refreshedWith = state;
        Map<String, double[]> means = new HashMap<>();
        if (state.learnedDimension() == dimension) {
            for (ClassState c : state.classes()) {
                c.weightedMean().ifPresent(m -> means.put(c.label(), m));
            }
        }
        refreshedMeans = means;
    }

    private Alert novelClassAlert(NovelClassCandidate c, long nowMillis, long modelVersion) {
        String key =
                new AlertKey(modelId, AlertType.NOVEL_CLASS, NOVELTY_DETECTOR).value()
                        + "/"
                        + c.candidateId();
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("size", (double) c.size());
        evidence.put("compactness", c.compactness());
        evidence.put("separation", c.separation());
        evidence.put("estimatedNewClasses", (double) novelty.estimatedNewClasses());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("candidateId", c.candidateId());
        details.put("nearestKnownLabel", String.valueOf(c.nearestKnownLabel()));
        String message =
                String.format(
                        java.util.Locale.ROOT,
                        "Model %s: %d out-of-distribution records form a compact cluster %.1f"
                                + " spreads from the nearest known class (%s): a candidate new"
                                + " class, %s.",
                        modelId,
                        c.size(),
                        c.separation(),
                        c.nearestKnownLabel(),
                        c.candidateId());
        return new Alert(
                key + "#1/raised",
                key,
                modelId,
                modelVersion,
                AlertType.NOVEL_CLASS,
                AlertSeverity.INFO,
                AlertStatus.RAISED,
                NOVELTY_DETECTOR,
                new AlertWindow(c.firstEventTime(), c.lastEventTime(), c.size()),
                evidence,
                details,
                message,
                nowMillis,
                OptionalLong.empty(),
                Optional.of(new NovelClass(c.prototype(), c.memberIds(), c.size())));
    }
}
