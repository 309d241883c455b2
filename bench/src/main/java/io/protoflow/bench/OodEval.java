package io.protoflow.bench;

import io.protoflow.bench.eval.DatasetArgument;
import io.protoflow.bench.eval.LearnerSpec;
import io.protoflow.bench.eval.OodMetrics;
import io.protoflow.bench.eval.StratifiedHoldout;
import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.DatasetNotFoundException;
import io.protoflow.core.data.LabelledVector;
import io.protoflow.core.learn.Learner;
import io.protoflow.core.ood.OodScorer;
import io.protoflow.core.ood.OodScorers;
import io.protoflow.core.ood.ThresholdCalibrator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The out-of-distribution evaluation command: trains a learner and the OOD scorers on the
 * in-distribution classes, calibrates each scorer's threshold on held-out in-distribution training
 * data, then scores a test set of seen classes (in-distribution) and unseen classes or a separate
 * dataset (OOD), and prints a markdown table of AUROC, FPR at 95% TPR and the calibrated
 * threshold's flag rates per learner and scorer.
 */
@Command(
        name = "ood-eval",
        mixinStandardHelpOptions = true,
        description = {
            "Out-of-distribution evaluation of Protoflow's OOD scorers.",
            "Protocol: the training rows of the in-distribution classes are split (seeded,"
                    + " stratified) into a training part and a calibration part; the learner and"
                    + " the scorers learn the training part in a seeded shuffled order; each"
                    + " scorer's threshold is calibrated on the calibration part at"
                    + " --target-flag-rate; then the test rows of the in-distribution classes"
                    + " (in-distribution) and the OOD rows are scored."
        },
        sortOptions = false)
public final class OodEval implements Callable<Integer> {

    @Option(
            names = "--in",
            defaultValue = "fashion-mnist",
            description =
                    "in-distribution dataset: digits | fashion-mnist[:DIR] | csv:PATH |"
                            + " idx:IMAGES,LABELS (default: ${DEFAULT-VALUE})")
    String in;

    @Option(
            names = "--in-test",
            defaultValue = "auto",
            description =
                    "test rows: auto (fashion-mnist: t10k; otherwise holdout:0.3) |"
                            + " holdout:FRACTION (seeded stratified) | a dataset spec as for --in"
                            + " (default: ${DEFAULT-VALUE})")
    String inTest;

    @Option(
            names = "--in-classes",
            split = ",",
            description =
                    "the in-distribution classes (default: without --ood, the first 80% of the"
                            + " labels in label order, e.g. 0-7 of 0-9; with --ood, all labels)")
    List<String> inClasses;

    @Option(
            names = "--ood-classes",
            split = ",",
            description =
                    "without --ood, the classes whose test rows are OOD (default: every class not"
                            + " in --in-classes); rows of classes in neither list are dropped, so"
                            + " a validation run can keep the real OOD classes out entirely")
    List<String> oodClasses;

    @Option(
            names = "--ood",
            description =
                    "OOD dataset, same dimension, every row OOD (default: the test rows of the"
                            + " classes not in --in-classes)")
    String ood;

    @Option(
            names = "--learners",
            description =
                    "learners the state-reading scorers read, type[:k=v,...], comma or semicolon"
                            + " separated (default: streaming-lda)")
    List<String> learners;

    @Option(
            names = "--scorers",
            description =
                    "OOD scorers name[:k=v,...], comma or semicolon separated (default:"
                            + " mahalanobis,max-cosine,knn,energy)")
    List<String> scorers;

    @Option(
            names = "--combine",
            description =
                    "also score the sum of scorers standardised by their calibration scores' mean"
                            + " and standard deviation: scorer specs as given to --scorers, joined"
                            + " by '+', e.g. 'knn+mahalanobis:relative=true'; repeatable")
    List<String> combine;

    @Option(
            names = "--target-flag-rate",
            defaultValue = "0.05",
            description =
                    "share of in-distribution examples each threshold should flag (default:"
                            + " ${DEFAULT-VALUE})")
    double targetFlagRate;

    @Option(
            names = "--calibration-fraction",
            defaultValue = "0.2",
            description =
                    "share of each in-distribution class's training rows held out to calibrate"
                            + " (default: ${DEFAULT-VALUE})")
    double calibrationFraction;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "split and shuffle seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--label-column",
            defaultValue = "label",
            description = "label column of csv datasets (default: ${DEFAULT-VALUE})")
    String labelColumn;

    @Option(
            names = "--scale",
            defaultValue = "0.00392156862745098",
            description = "pixel scale of idx datasets (default: 1/255)")
    float scale;

    @Option(names = "--out", description = "also write the markdown to FILE")
    Path out;

    private final String commandLine;
    private final PrintStream stdout;
    private final PrintStream stderr;

    OodEval(String commandLine, PrintStream stdout, PrintStream stderr) {
        this.commandLine = commandLine;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Runs the command; exit status 0 on success, 2 on usage or data errors. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        String commandLine = "OodEval " + String.join(" ", args);
        CommandLine cli = new CommandLine(new OodEval(commandLine, stdout, stderr));
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        cli.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    if (e instanceof IllegalArgumentException
                            || e instanceof DatasetNotFoundException) {
                        stderr.println("error: " + e.getMessage());
                        return 2;
                    }
                    throw e;
                });
        return cli.execute(args);
    }

    /** The scores of one learner and scorer. */
    record Row(
            String learner,
            String scorer,
            String skipped,
            double auroc,
            double fpr95,
            double threshold,
            double inFlagRate,
            double oodFlagRate,
            double microsPerScore) {}

    /** The rows every run scores: who is in and out of distribution. */
    record Split(
            Dataset train,
            Dataset calibration,
            Dataset inTest,
            Dataset oodTest,
            List<String> classes,
            String description) {}

    @Override
    public Integer call() throws IOException {
        if (!(targetFlagRate > 0.0 && targetFlagRate < 1.0)) {
            throw new IllegalArgumentException(
                    "--target-flag-rate must be in (0, 1), got " + targetFlagRate);
        }
        Split split = split();
        int d = split.train.dimension();
        List<LearnerSpec> learnerSpecs = specs(learners, "streaming-lda");
        List<LearnerSpec> scorerSpecs = specs(scorers, "mahalanobis,max-cosine,knn,energy");
        // validate every spec before the first long run
        for (LearnerSpec l : learnerSpecs) {
            l.create(d);
        }
        for (LearnerSpec s : scorerSpecs) {
            OodScorers.create(s.type(), d, s.params());
        }
        stderr.println(split.description.replace("  \n", "\n"));
        List<Row> rows = new ArrayList<>();
        for (LearnerSpec l : learnerSpecs) {
            rows.addAll(evaluate(split, l, scorerSpecs));
        }
        String md = markdown(split, rows);
        stdout.print(md);
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, md, StandardCharsets.UTF_8);
            stderr.println("wrote " + out);
        }
        return 0;
    }

    private List<Row> evaluate(Split split, LearnerSpec learnerSpec, List<LearnerSpec> specs) {
        int d = split.train.dimension();
        Learner learner = learnerSpec.create(d);
        List<OodScorer> all = new ArrayList<>();
        for (LearnerSpec s : specs) {
            all.add(OodScorers.create(s.type(), d, s.params()));
        }
        List<LabelledVector> order = new ArrayList<>(split.train.rows());
        Collections.shuffle(order, new Random(seed));
        stderr.print("training " + learnerSpec + " and scorers on " + order.size() + " rows ... ");
        stderr.flush();
        long t0 = System.nanoTime();
        for (LabelledVector row : order) {
            float[] x = row.features();
            learner.learn(x, row.label());
            for (OodScorer s : all) {
                s.observe(x, row.label());
            }
        }
        var state = learner.snapshot();
        stderr.printf(Locale.ROOT, "%.1f s%n", (System.nanoTime() - t0) / 1e9);
        List<Row> rows = new ArrayList<>();
        Map<String, double[][]> kept = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            OodScorer s = all.get(i);
            String name = specs.get(i).toString();
            try {
                s.update(state);
            } catch (IllegalArgumentException e) {
                stderr.println("skipping " + name + " over " + learnerSpec + ": " + e.getMessage());
                rows.add(
                        new Row(
                                learnerSpec.toString(),
                                name,
                                e.getMessage(),
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN,
                                Double.NaN));
                continue;
            }
            stderr.print("scoring " + name + " ... ");
            stderr.flush();
            ThresholdCalibrator calibrator = new ThresholdCalibrator(s.name(), targetFlagRate);
            double[] calScores = scores(s, split.calibration);
            for (double v : calScores) {
                calibrator.observe(v);
            }
            long t1 = System.nanoTime();
            double[] inScores = scores(s, split.inTest);
            double[] oodScores = scores(s, split.oodTest);
            double micros = (System.nanoTime() - t1) / 1e3 / (inScores.length + oodScores.length);
            kept.put(name, new double[][] {calScores, inScores, oodScores});
            Row r =
                    new Row(
                            learnerSpec.toString(),
                            name,
                            null,
                            OodMetrics.auroc(inScores, oodScores),
                            OodMetrics.fprAtTpr(inScores, oodScores, 0.95),
                            calibrator.threshold(),
                            OodMetrics.flagRate(inScores, calibrator.threshold()),
                            OodMetrics.flagRate(oodScores, calibrator.threshold()),
                            micros);
            stderr.printf(
                    Locale.ROOT,
                    "AUROC %.3f, FPR95 %.3f, in-distribution flag rate %.3f%n",
                    r.auroc,
                    r.fpr95,
                    r.inFlagRate);
            rows.add(r);
        }
        for (String c : combine == null ? List.<String>of() : combine) {
            rows.add(combined(learnerSpec.toString(), c, kept));
        }
        return rows;
    }

    /** The standardised sum of the named scorers' scores, calibrated like a scorer. */
    private Row combined(String learner, String spec, Map<String, double[][]> kept) {
        double[][] sum = null;
        for (String part : spec.split("\\+")) {
            double[][] s = kept.get(LearnerSpec.parse(part.trim()).toString());
            if (s == null) {
                throw new IllegalArgumentException(
                        "--combine names '"
                                + part.trim()
                                + "', which is not a scorer of --scorers that ran over "
                                + learner
                                + ": "
                                + kept.keySet());
            }
            double mean = 0;
            for (double v : s[0]) {
                mean += v;
            }
            mean /= s[0].length;
            double var = 0;
            for (double v : s[0]) {
                var += (v - mean) * (v - mean);
            }
            double sd = Math.sqrt(var / s[0].length);
            if (sum == null) {
                sum =
                        new double[][] {
                            new double[s[0].length],
                            new double[s[1].length],
                            new double[s[2].length]
                        };
            }
            for (int k = 0; k < 3; k++) {
                for (int i = 0; i < s[k].length; i++) {
                    sum[k][i] += (s[k][i] - mean) / sd;
                }
            }
        }
        ThresholdCalibrator calibrator = new ThresholdCalibrator("combined", targetFlagRate);
        for (double v : sum[0]) {
            calibrator.observe(v);
        }
        return new Row(
                learner,
                "combined " + spec,
                null,
                OodMetrics.auroc(sum[1], sum[2]),
                OodMetrics.fprAtTpr(sum[1], sum[2], 0.95),
                calibrator.threshold(),
                OodMetrics.flagRate(sum[1], calibrator.threshold()),
                OodMetrics.flagRate(sum[2], calibrator.threshold()),
                Double.NaN);
    }

    private static double[] scores(OodScorer s, Dataset ds) {
        double[] out = new double[ds.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.score(ds.rows().get(i).features());
        }
        return out;
    }

    private static List<LearnerSpec> specs(List<String> given, String fallback) {
        List<LearnerSpec> out = new ArrayList<>();
        for (String list : given == null ? List.of(fallback) : given) {
            out.addAll(LearnerSpec.parseList(list));
        }
        return out;
    }

    Split split() {
        Dataset all = DatasetArgument.load(in, "--in", labelColumn, scale, true);
        Dataset test;
        String testSource;
        String t = inTest.trim();
        if (t.equals("auto") && DatasetArgument.isFashionMnist(in)) {
            test = DatasetArgument.load(in, "--in", labelColumn, scale, false);
            testSource = "Fashion-MNIST t10k";
        } else if (t.equals("auto") || t.startsWith("holdout:")) {
            double fraction = t.equals("auto") ? 0.3 : parseFraction(t.substring(8), "--in-test");
            StratifiedHoldout.TrainTest tt = StratifiedHoldout.split(all, fraction, seed);
            all = tt.train();
            test = tt.test();
            testSource = "seeded stratified holdout of " + fraction + ", seed " + seed;
        } else {
            test = DatasetArgument.load(t, "--in-test", labelColumn, scale, false);
            testSource = t;
        }
        requireDimension(test, all, "--in-test");
        List<String> labels = all.labels();
        List<String> classes;
        if (inClasses != null) {
            classes = inClasses.stream().map(String::trim).toList();
            for (String c : classes) {
                if (!labels.contains(c)) {
                    throw new IllegalArgumentException(
                            "--in-classes names '" + c + "', which --in does not have: " + labels);
                }
            }
        } else if (ood == null) {
            classes = labels.subList(0, Math.max(1, (int) Math.round(0.8 * labels.size())));
        } else {
            classes = labels;
        }
        Set<String> inSet = new LinkedHashSet<>(classes);
        Dataset inTrain = filter(all, inSet, true, "-in");
        StratifiedHoldout.TrainTest tc =
                StratifiedHoldout.split(inTrain, calibrationFraction, seed + 1);
        Dataset inTestRows = filter(test, inSet, true, "-in");
        Dataset oodRows;
        String oodSource;
        if (ood == null && oodClasses != null) {
            Set<String> oodSet = new LinkedHashSet<>();
            for (String c : oodClasses) {
                if (!labels.contains(c.trim()) || inSet.contains(c.trim())) {
                    throw new IllegalArgumentException(
                            "--ood-classes names '"
                                    + c
                                    + "', which is not a class of --in outside --in-classes");
                }
                oodSet.add(c.trim());
            }
            oodRows = filter(test, oodSet, true, "-ood");
            oodSource = "the test rows of classes " + oodSet;
        } else if (ood == null) {
            oodRows = filter(test, inSet, false, "-ood");
            oodSource = "the test rows of the other classes";
        } else {
            oodRows = DatasetArgument.load(ood, "--ood", labelColumn, scale, false);
            requireDimension(oodRows, all, "--ood");
            oodSource = ood;
        }
        if (oodRows.size() == 0) {
            throw new IllegalArgumentException(
                    "no OOD rows: every class is in --in-classes; name fewer classes or give --ood");
        }
        if (inTestRows.size() == 0) {
            throw new IllegalArgumentException("no test rows of the in-distribution classes");
        }
        String description =
                String.format(
                        Locale.ROOT,
                        "Data: %s, d = %d; in-distribution classes %s: %d training rows, %d"
                                + " calibration rows (seeded stratified %.2f of the training"
                                + " rows), %d test rows (%s); OOD: %d rows (%s)",
                        all.name(),
                        all.dimension(),
                        classes,
                        tc.train().size(),
                        tc.test().size(),
                        calibrationFraction,
                        inTestRows.size(),
                        testSource,
                        oodRows.size(),
                        oodSource);
        return new Split(tc.train(), tc.test(), inTestRows, oodRows, classes, description);
    }

    private static Dataset filter(Dataset ds, Set<String> classes, boolean keep, String suffix) {
        List<LabelledVector> rows =
                ds.rows().stream().filter(r -> classes.contains(r.label()) == keep).toList();
        return new Dataset(ds.name() + suffix, ds.dimension(), rows);
    }

    private static void requireDimension(Dataset ds, Dataset reference, String option) {
        if (ds.dimension() != reference.dimension()) {
            throw new IllegalArgumentException(
                    option
                            + " dataset has dimension "
                            + ds.dimension()
                            + ", --in has "
                            + reference.dimension());
        }
    }

    private static double parseFraction(String s, String option) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    option + " holdout fraction '" + s + "' is not a number");
        }
    }

    private String markdown(Split split, List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("### OOD evaluation\n\n");
        sb.append("Command: `").append(commandLine).append("`  \n");
        sb.append("Run at ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(", Java ")
                .append(System.getProperty("java.version"))
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs  \n");
        sb.append(split.description).append("\n\n");
        sb.append(
                String.format(
                        Locale.ROOT,
                        "| learner | scorer | AUROC | FPR95 | threshold | in-dist. flag rate"
                                + " (target %.3f) | OOD flag rate | us/score |%n",
                        targetFlagRate));
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            if (r.skipped != null) {
                sb.append("| ")
                        .append(r.learner)
                        .append(" | ")
                        .append(r.scorer)
                        .append(" | n/a: ")
                        .append(r.skipped.replace("|", "/"))
                        .append(" | | | | | |\n");
                continue;
            }
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %.3f | %.3f | %.4g | %.3f | %.3f | %.0f |%n",
                            r.learner,
                            r.scorer,
                            r.auroc,
                            r.fpr95,
                            r.threshold,
                            r.inFlagRate,
                            r.oodFlagRate,
                            r.microsPerScore));
        }
        sb.append('\n');
        return sb.toString();
    }
}
