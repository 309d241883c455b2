package io.protoflow.bench;

import io.protoflow.bench.eval.BatchClassifier;
import io.protoflow.bench.eval.ClassIncrementalProtocol;
import io.protoflow.bench.eval.DatasetArgument;
import io.protoflow.bench.eval.EvalStream;
import io.protoflow.bench.eval.LearnerSpec;
import io.protoflow.bench.eval.MoaClassifier;
import io.protoflow.bench.eval.ProtoflowClassifier;
import io.protoflow.bench.eval.Report;
import io.protoflow.bench.eval.RunResult;
import io.protoflow.bench.eval.StratifiedHoldout;
import io.protoflow.bench.eval.StreamClassifier;
import io.protoflow.bench.eval.TextDatasets;
import io.protoflow.bench.offline.ShrinkageLda;
import io.protoflow.bench.offline.SoftmaxRegression;
import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.DatasetNotFoundException;
import io.protoflow.encoder.jsonl.TextFields;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The class-incremental evaluation command: runs Protoflow learners, MOA baselines and offline
 * upper bounds on the same class-incremental stream of a bundled, installed or user-supplied
 * dataset and prints a markdown table of final accuracy, average incremental accuracy, forgetting,
 * new-class accuracy, prequential accuracy and single-thread throughput.
 */
@Command(
        name = "class-incremental-eval",
        mixinStandardHelpOptions = true,
        description = {
            "Class-incremental prequential evaluation of Protoflow learners against MOA baselines"
                    + " and an offline upper bound.",
            "Protocol: classes are introduced in --class-order, --classes-per-stage at a time;"
                    + " each stage's rows are shuffled with --seed; every training example is"
                    + " predicted then learned (prequential); after each stage the learner"
                    + " predicts the test examples of all classes seen so far.",
            "Texts (--dataset jsonl:PATH) are encoded with the int8 MiniLM sentence encoder"
                    + " first; with --time-field the stream is chronological instead: one stage"
                    + " in time order, classes arriving when the data brings them."
        },
        sortOptions = false)
public final class ClassIncrementalEval implements Callable<Integer> {

    @Option(
            names = "--dataset",
            defaultValue = "digits",
            description =
                    "digits | fashion-mnist[:DIR] | csv:PATH | idx:IMAGES,LABELS | jsonl:PATH"
                            + " (default: ${DEFAULT-VALUE})")
    String dataset;

    @Option(
            names = "--text-field",
            defaultValue = "text",
            description =
                    "text field of a jsonl dataset, a name or a JSON Pointer such as /body/en"
                            + " (default: ${DEFAULT-VALUE})")
    String textField;

    @Option(
            names = "--label-field",
            defaultValue = "label",
            description = "label field of a jsonl dataset (default: ${DEFAULT-VALUE})")
    String labelField;

    @Option(
            names = "--time-field",
            description =
                    "time field of a jsonl dataset (epoch milliseconds or ISO-8601): replay the"
                            + " texts in time order, ties in file order, as one chronological"
                            + " stage (no class staging)")
    String timeField;

    @Option(
            names = "--label-column",
            defaultValue = "label",
            description = "label column of a csv dataset (default: ${DEFAULT-VALUE})")
    String labelColumn;

    @Option(
            names = "--scale",
            defaultValue = "0.00392156862745098",
            description = "pixel scale of an idx dataset (default: 1/255)")
    float scale;

    @Option(
            names = "--class-order",
            split = ",",
            description = "order of class introduction, e.g. 9,8,7 (default: the dataset's labels)")
    List<String> classOrder;

    @Option(
            names = "--classes-per-stage",
            defaultValue = "2",
            description = "new classes per stage (default: ${DEFAULT-VALUE})")
    int classesPerStage;

    @Option(
            names = "--few-shot-stage",
            defaultValue = "0",
            paramLabel = "SHOTS",
            description =
                    "hold the last --few-shot-classes classes of the order out of the regular"
                            + " stages and add them as a final stage with only SHOTS training"
                            + " examples each (0 = no few-shot stage)")
    int fewShotShots;

    @Option(
            names = "--few-shot-classes",
            description = "classes in the few-shot stage (default: --classes-per-stage)")
    Integer fewShotClasses;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "shuffle and split seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--test",
            defaultValue = "auto",
            description =
                    "test set: auto (fashion-mnist: t10k; otherwise holdout:0.2) | holdout:FRACTION"
                            + " (seeded stratified) | csv:PATH | idx:IMAGES,LABELS | jsonl:PATH"
                            + " (default: ${DEFAULT-VALUE})")
    String test;

    @Option(
            names = "--learners",
            description =
                    "Protoflow learner specs type[:k=v,...], comma or semicolon separated,"
                            + " repeatable, e.g. ncm,ncm:metric=cosine (default: ncm)")
    List<String> learners;

    @Option(
            names = "--moa",
            description =
                    "MOA baselines: nb, knn, ht, arf, optionally with one-letter MOA options,"
                            + " e.g. nb,knn:k=10,w=1000,ht")
    List<String> moa;

    @Option(
            names = "--offline",
            description =
                    "also run the offline upper bound: every learner on one i.i.d. stage with all"
                            + " training data, plus batch LDA and logistic regression")
    boolean offline;

    @Option(
            names = "--lda-shrinkage",
            defaultValue = "0.01",
            description = "shrinkage of the offline LDA reference (default: ${DEFAULT-VALUE})")
    double ldaShrinkage;

    @Option(
            names = "--logreg-epochs",
            defaultValue = "30",
            description =
                    "SGD epochs of the offline logistic regression (default: ${DEFAULT-VALUE})")
    int logregEpochs;

    @Option(
            names = "--warmup",
            defaultValue = "2000",
            description =
                    "before each timed run, a throw-away copy of the learner learns and predicts"
                            + " this many stream examples, untimed, so JIT compilation does not"
                            + " land in the throughput figures (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(
            names = "--out",
            description = "also write the results to FILE: .md, .csv or .json (repeatable)")
    List<Path> out;

    @Spec CommandSpec spec;

    private final String commandLine;
    private String encoding = "";
    private final PrintStream stdout;
    private final PrintStream stderr;

    ClassIncrementalEval(String commandLine, PrintStream stdout, PrintStream stderr) {
        this.commandLine = commandLine;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Runs the command; exit status 0 on success, 2 on usage or data errors. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream stdout, PrintStream stderr) {
        String commandLine = "ClassIncrementalEval " + quote(args);
        CommandLine cli = new CommandLine(new ClassIncrementalEval(commandLine, stdout, stderr));
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
        TrainTest data;
        try (TextDatasets texts =
                new TextDatasets(new TextFields(textField, labelField, timeField), stderr)) {
            checkTimeOptions();
            data = loadData(texts);
            if (texts.encoderId() != null) {
                encoding =
                        String.format(
                                Locale.ROOT,
                                " (texts encoded with %s, %.0f texts/s)",
                                texts.encoderId(),
                                texts.textsPerSecond());
            }
        }
        int fewShotCount = fewShotClasses == null ? classesPerStage : fewShotClasses;
        EvalStream stream =
                timeField != null
                        ? EvalStream.chronological(data.train, data.test)
                        : EvalStream.classIncremental(
                                data.train,
                                data.test,
                                classesPerStage,
                                classOrder,
                                seed,
                                fewShotShots,
                                fewShotCount);
        List<LearnerSpec> specs = new ArrayList<>();
        for (String l : learners == null ? List.of("ncm") : learners) {
            specs.addAll(LearnerSpec.parseList(l));
        }
        List<String> moaSpecs = new ArrayList<>();
        if (moa != null) {
            for (String m : moa) {
                LearnerSpec.parseList(m).forEach(s -> moaSpecs.add(s.toString()));
            }
        }
        int d = stream.dimension();
        List<String> labels = stream.labels();
        // validate every spec before spending minutes on the first one
        List<Supplier<StreamClassifier>> factories = new ArrayList<>();
        for (LearnerSpec spec : specs) {
            spec.create(d);
            factories.add(() -> ProtoflowClassifier.of(spec, d));
        }
        for (String m : moaSpecs) {
            MoaClassifier.create(m, d, labels);
            factories.add(() -> MoaClassifier.create(m, d, labels));
        }

        stderr.println(describe(data, stream));
        List<RunResult> runs = new ArrayList<>();
        for (Supplier<StreamClassifier> factory : factories) {
            ClassIncrementalProtocol.warmUp(factory.get(), stream, warmup);
            StreamClassifier c = factory.get();
            runs.add(
                    timed(c.name(), () -> ClassIncrementalProtocol.run(c, stream, protocolName())));
        }
        if (offline) {
            EvalStream iid = EvalStream.offline(data.train, data.test, offlineOrder(stream), seed);
            for (Supplier<StreamClassifier> factory : factories) {
                ClassIncrementalProtocol.warmUp(factory.get(), iid, warmup);
                StreamClassifier c = factory.get();
                runs.add(
                        timed(
                                c.name() + " offline",
                                () -> ClassIncrementalProtocol.run(c, iid, "offline")));
            }
            List<BatchClassifier> refs =
                    List.of(
                            new ShrinkageLda(ldaShrinkage),
                            new SoftmaxRegression(logregEpochs, 0.01, 1e-5, seed));
            for (BatchClassifier ref : refs) {
                runs.add(timed(ref.name(), () -> ClassIncrementalProtocol.runBatch(ref, iid)));
            }
        }

        String md = markdown(data, stream, runs);
        stdout.print(md);
        if (out != null) {
            for (Path p : out) {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                String content =
                        name.endsWith(".csv")
                                ? Report.csv(runs)
                                : name.endsWith(".json") ? Report.json(commandLine, runs) : md;
                Path parent = p.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(p, content, StandardCharsets.UTF_8);
                stderr.println("wrote " + p);
            }
        }
        return 0;
    }

    private List<String> offlineOrder(EvalStream stream) {
        List<String> order = new ArrayList<>();
        stream.stages().forEach(s -> order.addAll(s.classes()));
        return order;
    }

    private RunResult timed(String what, Supplier<RunResult> run) {
        stderr.print("running " + what + " ... ");
        stderr.flush();
        long t0 = System.nanoTime();
        RunResult r = run.get();
        stderr.printf(
                Locale.ROOT,
                "final accuracy %.4f (%.1f s)%n",
                r.finalAccuracy(),
                (System.nanoTime() - t0) / 1e9);
        return r;
    }

    private String markdown(TrainTest data, EvalStream stream, List<RunResult> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                        timeField != null
                                ? "### Chronological evaluation: "
                                : "### Class-incremental evaluation: ")
                .append(stream.name())
                .append("\n\n");
        sb.append("Command: `").append(commandLine).append("`  \n");
        sb.append("Run at ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(", Java ")
                .append(System.getProperty("java.version"))
                .append(", ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs (all timings on one thread)  \n");
        sb.append(describe(data, stream)).append("\n\n");
        sb.append(Report.markdownSummary(runs)).append('\n');
        String stages = Report.markdownStages(runs);
        if (!stages.isEmpty()) {
            sb.append("Accuracy on all classes seen so far, after each stage:\n\n")
                    .append(stages)
                    .append('\n');
        }
        return sb.toString();
    }

    private String protocolName() {
        return timeField != null ? "chronological" : "class-incremental";
    }

    private String describe(TrainTest data, EvalStream stream) {
        StringBuilder sb = new StringBuilder();
        sb.append("Data: ")
                .append(stream.name())
                .append(", d = ")
                .append(stream.dimension())
                .append(encoding)
                .append(", ")
                .append(data.train.size())
                .append(" training rows, ")
                .append(stream.test().size())
                .append(" test rows (")
                .append(data.testSource)
                .append(")  \nStages:");
        for (EvalStream.StageData s : stream.stages()) {
            sb.append(" [")
                    .append(String.join(",", s.classes()))
                    .append(s.fewShot() ? " few-shot" : "")
                    .append(": ")
                    .append(s.train().size())
                    .append(']');
        }
        return sb.toString();
    }

    private record TrainTest(Dataset train, Dataset test, String testSource) {}

    /**
     * A chronological stream has no class staging: options that shape stages would be silently
     * ignored, so they are refused.
     */
    private void checkTimeOptions() {
        if (timeField == null) {
            return;
        }
        if (!dataset.trim().startsWith("jsonl:")) {
            throw new IllegalArgumentException(
                    "--time-field needs a jsonl:PATH dataset, got --dataset '" + dataset + "'");
        }
        for (String option : List.of("--class-order", "--classes-per-stage", "--few-shot-stage")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(
                        option
                                + " shapes class-incremental stages; with --time-field the stream"
                                + " is one chronological stage: drop one of them");
            }
        }
    }

    private TrainTest loadData(TextDatasets texts) {
        String spec = dataset.trim();
        Dataset train;
        try {
            train = DatasetArgument.load(spec, "--dataset", labelColumn, scale, true, texts);
        } catch (DatasetNotFoundException e) {
            if (!DatasetArgument.isFashionMnist(spec)) {
                throw e;
            }
            throw new DatasetNotFoundException(
                    e.missing(),
                    e.getMessage()
                            + " The test split then goes with --test"
                            + " idx:t10k-images-idx3-ubyte.gz,t10k-labels-idx1-ubyte.gz.");
        }
        String t = test.trim();
        if (t.equals("auto") && DatasetArgument.isFashionMnist(spec)) {
            return new TrainTest(
                    train,
                    DatasetArgument.load(spec, "--dataset", labelColumn, scale, false, texts),
                    "Fashion-MNIST t10k");
        }
        if (t.equals("auto") || t.startsWith("holdout:")) {
            double fraction = t.equals("auto") ? 0.2 : parseFraction(t.substring(8));
            StratifiedHoldout.TrainTest split = StratifiedHoldout.split(train, fraction, seed);
            return new TrainTest(
                    split.train(),
                    split.test(),
                    "seeded stratified holdout of " + fraction + ", seed " + seed);
        }
        if (t.startsWith("csv:") || t.startsWith("idx:") || t.startsWith("jsonl:")) {
            return new TrainTest(
                    train,
                    DatasetArgument.load(t, "--test", labelColumn, scale, false, texts),
                    t.substring(t.indexOf(':') + 1));
        }
        throw new IllegalArgumentException(
                "--test '"
                        + test
                        + "' is not one of auto, holdout:FRACTION, csv:PATH, idx:IMAGES,LABELS,"
                        + " jsonl:PATH");
    }

    private static double parseFraction(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "--test holdout fraction '" + s + "' is not a number");
        }
    }

    private static String quote(String[] args) {
        return String.join(
                " ",
                Arrays.stream(args)
                        .map(
                                a ->
                                        a.matches("[A-Za-z0-9_./:=,+@%-]+")
                                                ? a
                                                : "'" + a.replace("'", "'\\''") + "'")
                        .toList());
    }
}
