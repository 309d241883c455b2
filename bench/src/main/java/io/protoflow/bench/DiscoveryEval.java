package io.protoflow.bench;

import io.protoflow.bench.discovery.DiscoveryProtocol;
import io.protoflow.bench.discovery.DiscoveryRun;
import io.protoflow.bench.eval.StratifiedHoldout;
import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.DatasetNotFoundException;
import io.protoflow.core.data.Datasets;
import io.protoflow.core.discovery.DiscoveryConfig;
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
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The novel-class discovery evaluation command: for each number of held-out classes and each seed,
 * runs {@link DiscoveryProtocol} and prints a markdown table of the estimated number of new
 * classes, clustering accuracy (Hungarian matching) and the learner's accuracy after promotion.
 */
@Command(
        name = "discovery-eval",
        mixinStandardHelpOptions = true,
        description = {
            "Novel-class discovery evaluation: hold out k classes, learn the others, stream the"
                    + " held-out ones unlabelled (mixed with unseen known-class rows), route"
                    + " records farther from every class mean than the --ood-quantile of"
                    + " in-distribution distances into the detector, and score what it finds.",
            "Held-out classes are drawn with each seed unless --holdout names them."
        },
        sortOptions = false)
public final class DiscoveryEval implements Callable<Integer> {

    @Option(
            names = "--dataset",
            defaultValue = "digits",
            description = "digits | fashion-mnist[:DIR] (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(
            names = "--k",
            split = ",",
            defaultValue = "2,3",
            description = "numbers of held-out classes (default: ${DEFAULT-VALUE})")
    List<Integer> ks;

    @Option(
            names = "--seeds",
            split = ",",
            defaultValue = "1,2,3",
            description = "seeds: held-out draw, samples, shuffles (default: ${DEFAULT-VALUE})")
    List<Long> seeds;

    @Option(
            names = "--holdout",
            split = ",",
            description = "hold out exactly these classes (then --k is ignored)")
    List<String> holdout;

    @Option(
            names = "--space",
            defaultValue = "l2,pca:16",
            description =
                    "feature space, fitted on known classes only: comma-separated steps raw, l2,"
                            + " pca:P[:whiten], rf:D (default: ${DEFAULT-VALUE})")
    String space;

    @Option(
            names = "--ood-rule",
            defaultValue = "prototype",
            description =
                    "prototype (distance to the nearest class mean) | knn:K (distance to the K-th"
                            + " nearest known row) | oracle (the held-out rows exactly: an upper"
                            + " bound) (default: ${DEFAULT-VALUE})")
    String oodRule;

    @Option(
            names = "--ood-quantile",
            defaultValue = "0.95",
            description =
                    "OOD when the rule's score exceeds this quantile of the known training rows'"
                            + " scores (default: ${DEFAULT-VALUE})")
    double oodQuantile;

    @Option(
            names = "--known-mix",
            defaultValue = "1.0",
            description =
                    "unseen known-class rows streamed per novel row (default: ${DEFAULT-VALUE})")
    double knownMix;

    @Option(
            names = "--novel-per-class",
            defaultValue = "500",
            description = "training rows streamed per held-out class (default: ${DEFAULT-VALUE})")
    int novelPerClass;

    @Option(
            names = "--known-per-class",
            defaultValue = "2000",
            description = "training rows learned per known class (default: ${DEFAULT-VALUE})")
    int knownPerClass;

    @Option(
            names = "--labels-per-candidate",
            defaultValue = "1",
            description =
                    "member labels revealed per candidate before promotion (default:"
                            + " ${DEFAULT-VALUE})")
    int labelsPerCandidate;

    @Option(
            names = "--fit-sample",
            defaultValue = "5000",
            description = "known rows a PCA step is fitted on (default: ${DEFAULT-VALUE})")
    int fitSample;

    @Option(
            names = "--buffer",
            defaultValue = "1000",
            description = "detector buffer capacity (default: ${DEFAULT-VALUE})")
    int buffer;

    @Option(
            names = "--eviction",
            defaultValue = "oldest",
            description = "oldest | reservoir (default: ${DEFAULT-VALUE})")
    String eviction;

    @Option(
            names = "--new-cluster-distance",
            defaultValue = "2.0",
            description = "DP-means new-cluster distance in spreads (default: ${DEFAULT-VALUE})")
    double newClusterDistance;

    @Option(
            names = "--merge-distance",
            defaultValue = "1.0",
            description =
                    "centre distance below which clusters merge, in spreads (default:"
                            + " ${DEFAULT-VALUE})")
    double mergeDistance;

    @Option(
            names = "--max-compactness",
            defaultValue = "1.25",
            description = "candidate RMS radius bound in spreads (default: ${DEFAULT-VALUE})")
    double maxCompactness;

    @Option(
            names = "--min-separation",
            defaultValue = "1.0",
            description =
                    "candidate distance to known prototypes in spreads (default:"
                            + " ${DEFAULT-VALUE})")
    double minSeparation;

    @Option(
            names = "--min-support",
            defaultValue = "20",
            description = "candidate minimum members (default: ${DEFAULT-VALUE})")
    int minSupport;

    @Option(
            names = "--refit-interval",
            defaultValue = "100",
            description = "records between DP-means refits (default: ${DEFAULT-VALUE})")
    int refitInterval;

    @Option(
            names = "--refit-method",
            defaultValue = "greedy",
            description =
                    "greedy (batch DP-means from the current clusters) | global (the DP-means"
                            + " objective searched with k-means over k) (default: ${DEFAULT-VALUE})")
    String refitMethod;

    @Option(
            names = "--verbose",
            description = "describe each run's final clusters on standard error")
    boolean verbose;

    @Option(names = "--out", description = "also write the markdown table to FILE")
    Path out;

    private final String commandLine;
    private final PrintStream stdout;
    private final PrintStream stderr;

    DiscoveryEval(String commandLine, PrintStream stdout, PrintStream stderr) {
        this.commandLine = commandLine;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Runs the command; exit status 0 on success, 2 on usage or data errors. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        String commandLine = "DiscoveryEval " + String.join(" ", args);
        CommandLine cli = new CommandLine(new DiscoveryEval(commandLine, stdout, stderr));
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

    @Override
    public Integer call() throws IOException {
        DiscoveryConfig config =
                DiscoveryConfig.defaults()
                        .withBufferCapacity(Math.max(buffer, 1))
                        .withEviction(
                                DiscoveryConfig.Eviction.valueOf(
                                        eviction.trim().toUpperCase(Locale.ROOT)),
                                42L)
                        .withDistances(newClusterDistance, mergeDistance)
                        .withCandidateBounds(maxCompactness, minSeparation, minSupport)
                        .withRefit(refitInterval, DiscoveryConfig.defaults().refitPasses())
                        .withRefitMethod(
                                DiscoveryConfig.RefitMethod.valueOf(
                                        refitMethod.trim().toUpperCase(Locale.ROOT)));
        DiscoveryProtocol.Settings settings =
                new DiscoveryProtocol.Settings(
                        space,
                        oodRule,
                        config,
                        oodQuantile,
                        knownMix,
                        novelPerClass,
                        knownPerClass,
                        labelsPerCandidate,
                        fitSample);
        Dataset[] data = load();
        Dataset train = data[0];
        Dataset test = data[1];
        List<String> labels = train.labels();
        List<DiscoveryRun> runs = new ArrayList<>();
        List<Integer> kList = holdout != null ? List.of(holdout.size()) : ks;
        for (int k : kList) {
            if (k < 1 || k >= labels.size()) {
                throw new IllegalArgumentException(
                        "--k must be in [1, " + (labels.size() - 1) + "], got " + k);
            }
            for (long seed : seeds) {
                List<String> heldOut = holdout != null ? holdout : draw(labels, k, seed);
                stderr.printf(Locale.ROOT, "k=%d seed=%d held out %s ... ", k, seed, heldOut);
                stderr.flush();
                DiscoveryRun r =
                        DiscoveryProtocol.run(
                                train, test, heldOut, settings, seed, verbose ? stderr : null);
                stderr.printf(
                        Locale.ROOT,
                        "k^=%d acc=%.3f (%.1f s)%n",
                        r.estimatedK(),
                        r.accuracy(),
                        r.seconds());
                runs.add(r);
            }
        }
        String md = markdown(train, test, runs);
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

    /** {@code k} classes drawn with {@code seed}, in label order. */
    static List<String> draw(List<String> labels, int k, long seed) {
        List<String> shuffled = new ArrayList<>(labels);
        Collections.shuffle(shuffled, new Random(seed));
        List<String> chosen = new ArrayList<>(shuffled.subList(0, k));
        chosen.sort((a, b) -> Integer.compare(labels.indexOf(a), labels.indexOf(b)));
        return chosen;
    }

    private Dataset[] load() {
        String spec = dataset.trim();
        if (spec.equals("digits")) {
            // digits has no test split: a seeded stratified 20 % holdout
            StratifiedHoldout.TrainTest split =
                    StratifiedHoldout.split(Datasets.digits(), 0.2, 42L);
            return new Dataset[] {split.train(), split.test()};
        }
        if (spec.equals("fashion-mnist") || spec.startsWith("fashion-mnist:")) {
            Path dir =
                    spec.equals("fashion-mnist")
                            ? Datasets.FASHION_MNIST_DEFAULT_DIR
                            : Path.of(spec.substring("fashion-mnist:".length()));
            return new Dataset[] {
                Datasets.fashionMnist(dir, true), Datasets.fashionMnist(dir, false)
            };
        }
        throw new IllegalArgumentException(
                "--dataset '" + dataset + "' is not one of digits, fashion-mnist[:DIR]");
    }

    private String markdown(Dataset train, Dataset test, List<DiscoveryRun> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append("### Novel-class discovery: ").append(train.name()).append("\n\n");
        sb.append("Command: `").append(commandLine).append("`  \n");
        sb.append("Run at ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(", Java ")
                .append(System.getProperty("java.version"))
                .append("  \n");
        sb.append(
                String.format(
                        Locale.ROOT,
                        "Data: %s, %d training rows, %d test rows; space `%s`; OOD rule `%s` above"
                                + " the %.2f quantile; %.1f known rows per novel row; refit %s\n\n",
                        train.name(),
                        train.size(),
                        test.size(),
                        space,
                        oodRule,
                        oodQuantile,
                        knownMix,
                        refitMethod.trim()));
        sb.append(
                "| k | seed | held out | dim | novel streamed | OOD recall | known flagged |"
                        + " emitted | k estimate | ACC (all novel) | ACC (buffered) | promoted |"
                        + " new-class acc | known acc | s |\n");
        sb.append("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (DiscoveryRun r : runs) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %d | %d | %s | %d | %d | %.3f | %.3f | %d | %d | %.3f | %.3f | %d |"
                                    + " %.3f | %.3f | %.1f |\n",
                            r.heldOut().size(),
                            r.seed(),
                            String.join(",", r.heldOut()),
                            r.dimension(),
                            r.novelStreamed(),
                            r.oodRecall(),
                            r.knownFlagged(),
                            r.emitted(),
                            r.estimatedK(),
                            r.accuracy(),
                            r.memberAccuracy(),
                            r.promoted(),
                            r.newClassAccuracy(),
                            r.knownAccuracy(),
                            r.seconds()));
        }
        long within = runs.stream().filter(DiscoveryRun::kWithinOne).count();
        long exact = runs.stream().filter(r -> r.estimatedK() == r.heldOut().size()).count();
        double meanAcc = runs.stream().mapToDouble(DiscoveryRun::accuracy).average().orElse(0);
        double minAcc = runs.stream().mapToDouble(DiscoveryRun::accuracy).min().orElse(0);
        long accOk = runs.stream().filter(r -> r.accuracy() >= 0.8).count();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "\nk estimate within +-1: %d/%d runs (exact: %d); ACC (all novel) mean"
                                + " %.3f, min %.3f, >= 0.8 in %d/%d runs\n",
                        within,
                        runs.size(),
                        exact,
                        meanAcc,
                        minAcc,
                        accOk,
                        runs.size()));
        return sb.toString();
    }
}
