package io.protoflow.bench;

import io.protoflow.bench.drift.DetectionScore;
import io.protoflow.bench.drift.DetectorSpec;
import io.protoflow.bench.drift.DriftStream;
import io.protoflow.bench.drift.PrequentialErrors;
import io.protoflow.bench.eval.LearnerSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The drift-detection evaluation command: MOA generator streams with known drift points, the
 * prequential 0/1 error stream of one MOA base classifier per stream, and Protoflow's and MOA's
 * detectors fed the same error stream in the same process. Prints detection delay, missed drifts,
 * false alarms per 100k records and throughput per detector, stream and drift width.
 */
@Command(
        name = "drift-eval",
        mixinStandardHelpOptions = true,
        description = {
            "Drift detection on MOA streams with known drift points: Protoflow detectors against"
                    + " MOA's, on the same prequential error streams.",
            "Each stream chains --drifts + 1 concepts of a generator with ConceptDriftStream,"
                    + " drift centres every --segment records; a MOA base classifier (never reset)"
                    + " predicts then learns each record; its 0/1 errors go to every detector."
        },
        sortOptions = false)
public final class DriftEval implements Callable<Integer> {

    @Option(
            names = "--generators",
            split = ",",
            defaultValue = "sea,agrawal,rbf",
            description = "sea | agrawal | rbf, comma separated (default: ${DEFAULT-VALUE})")
    List<String> generators;

    @Option(
            names = "--widths",
            split = ",",
            defaultValue = "1,1000,10000",
            description = "drift widths: 1 = abrupt, larger = gradual (default: ${DEFAULT-VALUE})")
    List<Integer> widths;

    @Option(
            names = "--seeds",
            defaultValue = "5",
            description =
                    "streams per generator and width, seeds F..F+N-1 with F = --first-seed"
                            + " (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(
            names = "--first-seed",
            defaultValue = "1",
            description =
                    "first stream seed; a run on other seeds validates choices made on these"
                            + " (default: ${DEFAULT-VALUE})")
    int firstSeed;

    @Option(
            names = "--drifts",
            defaultValue = "4",
            description = "drift points per stream (default: ${DEFAULT-VALUE})")
    int drifts;

    @Option(
            names = "--segment",
            defaultValue = "25000",
            description = "records between drift centres (default: ${DEFAULT-VALUE})")
    int segment;

    @Option(
            names = "--classifier",
            defaultValue = "nb",
            description = "MOA base classifier: nb | ht (default: ${DEFAULT-VALUE})")
    String classifier;

    @Option(
            names = "--max-delay",
            defaultValue = "10000",
            description =
                    "records after the end of a transition in which a detection still counts"
                            + " (default: ${DEFAULT-VALUE})")
    int maxDelay;

    @Option(
            names = "--detectors",
            description =
                    "detectors, comma or semicolon separated, repeatable: Protoflow"
                            + " type[:k=v,...] (adwin, ddm, page-hinkley, kswin) and MOA moa-adwin,"
                            + " moa-ddm, moa-page-hinkley[:o=v] (default: adwin:direction=increase,"
                            + " ddm, page-hinkley, kswin:direction=increase, moa-adwin, moa-ddm,"
                            + " moa-page-hinkley)")
    List<String> detectors;

    @Option(names = "--out", description = "also write the markdown to FILE")
    Path out;

    private final String commandLine;
    private final PrintStream stdout;
    private final PrintStream stderr;

    DriftEval(String commandLine, PrintStream stdout, PrintStream stderr) {
        this.commandLine = commandLine;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Runs the command; exit status 0 on success, 2 on usage errors. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        String commandLine = "DriftEval " + String.join(" ", args);
        CommandLine cli = new CommandLine(new DriftEval(commandLine, stdout, stderr));
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        cli.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    if (e instanceof IllegalArgumentException) {
                        stderr.println("error: " + e.getMessage());
                        return 2;
                    }
                    throw e;
                });
        return cli.execute(args);
    }

    /** Scores and timing of one detector on one generator and width, summed over seeds. */
    private static final class Cell {
        final List<DetectionScore> scores = new ArrayList<>();
        final List<List<Integer>> detections = new ArrayList<>();
        long nanos;
        long values;
    }

    private record Key(String generator, int width, String detector) {}

    @Override
    public Integer call() throws IOException {
        List<DetectorSpec> specs = new ArrayList<>();
        List<String> texts =
                detectors != null
                        ? detectors
                        : List.of(
                                "adwin:direction=increase;ddm;page-hinkley;kswin:direction=increase;"
                                        + "moa-adwin;moa-ddm;moa-page-hinkley");
        for (String t : texts) {
            for (LearnerSpec s : LearnerSpec.parseList(t)) {
                specs.add(DetectorSpec.parse(s.toString()));
            }
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
        }
        if (maxDelay < 0) {
            throw new IllegalArgumentException("--max-delay must be >= 0, got " + maxDelay);
        }
        if (!PrequentialErrors.CLASSIFIERS.contains(classifier)) {
            throw new IllegalArgumentException(
                    "--classifier must be one of "
                            + PrequentialErrors.CLASSIFIERS
                            + ", got '"
                            + classifier
                            + "'");
        }
        List<DriftStream> streams = new ArrayList<>();
        for (String g : generators) {
            for (int w : widths) {
                for (int s = firstSeed; s < firstSeed + seeds; s++) {
                    streams.add(new DriftStream(g.trim(), drifts, segment, w, s));
                }
            }
        }
        Map<Key, Cell> cells = new LinkedHashMap<>();
        Map<String, double[]> errorRates = new LinkedHashMap<>();
        boolean warmedUp = false;
        for (DriftStream stream : streams) {
            long t0 = System.nanoTime();
            double[] errors = PrequentialErrors.of(stream, classifier);
            stderr.printf(
                    Locale.ROOT,
                    "%s: %d records, error rate %.3f (%.1f s)%n",
                    stream.label(),
                    errors.length,
                    mean(errors, 0, errors.length),
                    (System.nanoTime() - t0) / 1e9);
            errorRates.merge(
                    stream.generator() + " w=" + stream.width(),
                    segmentRates(errors, stream),
                    DriftEval::add);
            if (!warmedUp) {
                // one untimed pass per detector so JIT compilation stays out of the throughput
                for (DetectorSpec spec : specs) {
                    detect(spec, errors);
                }
                warmedUp = true;
            }
            for (DetectorSpec spec : specs) {
                Cell cell =
                        cells.computeIfAbsent(
                                new Key(stream.generator(), stream.width(), spec.name()),
                                k -> new Cell());
                long start = System.nanoTime();
                List<Integer> found = detect(spec, errors);
                cell.nanos += System.nanoTime() - start;
                cell.values += errors.length;
                cell.detections.add(found);
                cell.scores.add(
                        DetectionScore.of(
                                found, stream.centres(), stream.width(), maxDelay, errors.length));
            }
        }
        String md = markdown(specs, streams, cells, errorRates);
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

    private static List<Integer> detect(DetectorSpec spec, double[] errors) {
        DetectorSpec.Running d = spec.create();
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < errors.length; i++) {
            if (d.update(errors[i])) {
                found.add(i);
            }
        }
        return found;
    }

    private static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i];
        }
        return s / (to - from);
    }

    /** Error rate in the last quarter before each drift and the first 2000 records after it. */
    private static double[] segmentRates(double[] errors, DriftStream stream) {
        int[] c = stream.centres();
        double[] r = new double[2 * c.length];
        for (int i = 0; i < c.length; i++) {
            int before = c[i] - stream.width() / 2;
            r[2 * i] = mean(errors, Math.max(0, before - stream.segment() / 4), before);
            int after = c[i] + stream.width() / 2;
            r[2 * i + 1] = mean(errors, after, Math.min(errors.length, after + 2000));
        }
        return r;
    }

    private static double[] add(double[] a, double[] b) {
        double[] s = a.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += b[i];
        }
        return s;
    }

    private String markdown(
            List<DetectorSpec> specs,
            List<DriftStream> streams,
            Map<Key, Cell> cells,
            Map<String, double[]> errorRates) {
        StringBuilder sb = new StringBuilder();
        sb.append("Command: `").append(commandLine).append("`  \n");
        sb.append("Run at ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(", Java ")
                .append(System.getProperty("java.version"))
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs  \n");
        sb.append(
                String.format(
                        Locale.ROOT,
                        "Streams: %s x widths %s x seeds %d..%d; %d drifts per stream, centres every"
                                + " %,d records (%,d records per stream); base classifier MOA %s,"
                                + " prequential, never reset; a detection counts from the start of"
                                + " a transition (centre - width/2) to %,d records after its end.  \n",
                        String.join(",", generators),
                        widths,
                        firstSeed,
                        firstSeed + seeds - 1,
                        drifts,
                        segment,
                        (drifts + 1) * segment,
                        classifier.equals("nb") ? "NaiveBayes" : "HoeffdingTree",
                        maxDelay));
        sb.append("Example stream spec (")
                .append(generators.get(0).trim())
                .append(", width ")
                .append(widths.get(0))
                .append(", seed ")
                .append(firstSeed)
                .append("): `")
                .append(
                        new DriftStream(
                                        generators.get(0).trim(),
                                        Math.min(drifts, 2),
                                        segment,
                                        widths.get(0),
                                        firstSeed)
                                .moaSpec())
                .append("`\n\n");

        sb.append("Base classifier error rate before -> after each drift (mean over seeds):\n\n");
        sb.append("| stream | ");
        for (int i = 1; i <= drifts; i++) {
            sb.append("drift ").append(i).append(" | ");
        }
        sb.append("\n|---|");
        sb.append("---|".repeat(drifts)).append('\n');
        for (Map.Entry<String, double[]> e : errorRates.entrySet()) {
            sb.append("| ").append(e.getKey()).append(" | ");
            double[] r = e.getValue();
            for (int i = 0; i < drifts; i++) {
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "%.3f -> %.3f | ",
                                r[2 * i] / seeds,
                                r[2 * i + 1] / seeds));
            }
            sb.append('\n');
        }

        sb.append("\nPer stream (sums over ")
                .append(seeds)
                .append(" seeds x ")
                .append(drifts)
                .append(" drifts):\n\n");
        sb.append(
                "| stream | width | detector | detected | mean delay | median delay | FA / 100k (n) |"
                        + " repeats / drift |\n");
        sb.append("|---|---:|---|---:|---:|---:|---:|---:|\n");
        for (String g : generators) {
            for (int w : widths) {
                for (DetectorSpec spec : specs) {
                    DetectionScore s =
                            DetectionScore.sum(cells.get(new Key(g.trim(), w, spec.name())).scores);
                    sb.append(row(g.trim(), String.valueOf(w), spec.name(), s));
                }
            }
        }

        sb.append("\nSummary over all generators:\n\n");
        sb.append(
                "| detector | drift | detected | mean delay | median delay | FA / 100k (n) |"
                        + " repeats / drift | M values/s |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (DetectorSpec spec : specs) {
            for (boolean abrupt : new boolean[] {true, false}) {
                List<DetectionScore> all = new ArrayList<>();
                long nanos = 0;
                long values = 0;
                for (Map.Entry<Key, Cell> e : cells.entrySet()) {
                    if (e.getKey().detector().equals(spec.name())
                            && (e.getKey().width() <= 1) == abrupt) {
                        all.addAll(e.getValue().scores);
                        nanos += e.getValue().nanos;
                        values += e.getValue().values;
                    }
                }
                if (all.isEmpty()) {
                    continue;
                }
                DetectionScore s = DetectionScore.sum(all);
                sb.append(
                        String.format(
                                Locale.ROOT,
                                "| %s | %s | %d/%d | %s | %s | %.2f (%d) | %.2f | %.1f |%n",
                                spec.name(),
                                abrupt ? "abrupt" : "gradual",
                                s.detected(),
                                s.drifts(),
                                fmt(s.meanDelay()),
                                fmt(median(s.delays())),
                                s.falseAlarmsPer100k(),
                                s.falseAlarms(),
                                (double) s.repeats() / s.drifts(),
                                values / (nanos / 1e3)));
            }
        }
        String ours = first(specs, false, "adwin");
        String moa = first(specs, true, "moa-adwin");
        if (ours != null && moa != null) {
            sb.append("\nPaired, ")
                    .append(ours)
                    .append(" against ")
                    .append(moa)
                    .append(" on the same drifts (both detected):\n\n");
            sb.append(
                    "| stream | width | both detected | earlier / same / later | mean delay"
                            + " difference | FA / 100k (ours vs MOA) |\n");
            sb.append("|---|---:|---:|---|---:|---|\n");
            for (String g : generators) {
                for (int w : widths) {
                    sb.append(paired(g.trim(), w, cells, ours, moa, streams));
                }
            }
        }
        return sb.toString();
    }

    private String paired(
            String g,
            int w,
            Map<Key, Cell> cells,
            String ours,
            String moa,
            List<DriftStream> streams) {
        Cell a = cells.get(new Key(g, w, ours));
        Cell b = cells.get(new Key(g, w, moa));
        int earlier = 0;
        int same = 0;
        int later = 0;
        long diff = 0;
        for (int s = 0; s < a.scores.size(); s++) {
            DriftStream stream =
                    streams.stream()
                            .filter(x -> x.generator().equals(g) && x.width() == w)
                            .toList()
                            .get(s);
            int[] da = firstDelays(a.detections.get(s), stream);
            int[] db = firstDelays(b.detections.get(s), stream);
            for (int i = 0; i < da.length; i++) {
                if (da[i] >= 0 && db[i] >= 0) {
                    diff += da[i] - db[i];
                    if (da[i] < db[i]) {
                        earlier++;
                    } else if (da[i] == db[i]) {
                        same++;
                    } else {
                        later++;
                    }
                }
            }
        }
        int both = earlier + same + later;
        return String.format(
                Locale.ROOT,
                "| %s | %d | %d | %d / %d / %d | %s | %.2f (%d) vs %.2f (%d) |%n",
                g,
                w,
                both,
                earlier,
                same,
                later,
                both == 0 ? "-" : String.format(Locale.ROOT, "%+.0f", (double) diff / both),
                DetectionScore.sum(a.scores).falseAlarmsPer100k(),
                DetectionScore.sum(a.scores).falseAlarms(),
                DetectionScore.sum(b.scores).falseAlarmsPer100k(),
                DetectionScore.sum(b.scores).falseAlarms());
    }

    /** Per drift, the delay of its first detection in its window, or -1. */
    private int[] firstDelays(List<Integer> detections, DriftStream stream) {
        int[] centres = stream.centres();
        int[] out = new int[centres.length];
        for (int i = 0; i < centres.length; i++) {
            DetectionScore one =
                    DetectionScore.of(
                            detections,
                            new int[] {centres[i]},
                            stream.width(),
                            Math.min(maxDelay, stream.segment() - stream.width() - 1),
                            Math.min(
                                    stream.length(),
                                    centres[i] + stream.segment() / 2 + stream.width()));
            out[i] = one.delays().isEmpty() ? -1 : one.delays().get(0);
        }
        return out;
    }

    private static String first(List<DetectorSpec> specs, boolean moa, String type) {
        for (DetectorSpec s : specs) {
            if (s.isMoa() == moa && s.spec().type().equals(type)) {
                return s.name();
            }
        }
        return null;
    }

    private static String row(String g, String w, String detector, DetectionScore s) {
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %d/%d | %s | %s | %.2f (%d) | %.2f |%n",
                g,
                w,
                detector,
                s.detected(),
                s.drifts(),
                fmt(s.meanDelay()),
                fmt(median(s.delays())),
                s.falseAlarmsPer100k(),
                s.falseAlarms(),
                (double) s.repeats() / s.drifts());
    }

    private static double median(List<Integer> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        int[] v = values.stream().mapToInt(Integer::intValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }
}
