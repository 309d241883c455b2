package io.protoflow.bench.jmh;

import io.protoflow.bench.eval.LearnerSpec;
import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Prediction;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Learn and predict throughput of one learner on one thread, in examples per second per core, at
 * feature dimension {@code d} and {@code C} known classes, on seeded clustered data. The learner
 * first learns {@code max(10, 10000 / C)} examples per class untimed, so predict ranks all C
 * classes; {@code learn} keeps updating that model, {@code learnThenPredict} is one prequential
 * step; the {@code Top5} variants rank only the 5 best classes, as the learner job does when it
 * publishes the top 5.
 *
 * <p>The spec is any {@link LearnerSpec}; the kernels (Vector API or scalar) follow the system
 * property {@code protoflow.kernels}, e.g. {@code -jvmArgsAppend -Dprotoflow.kernels=scalar}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--add-modules",
            "jdk.incubator.vector",
            "--enable-native-access=ALL-UNNAMED"
        })
public class LearnerThroughputBenchmark {

    private static final int POINTS = 4096;

    @Param({
        "ncm",
        "prototype-mixture",
        "streaming-lda",
        "random-features:outputDimension=2048,inner=streaming-lda"
    })
    public String spec;

    @Param({"384", "784"})
    public int dimension;

    @Param({"10", "100", "1000"})
    public int classes;

    private Learner learner;
    private float[][] x;
    private String[] y;
    private int next;

    @Setup
    public void setUp() {
        ClusteredData data = ClusteredData.generate(classes, dimension, POINTS, 42L);
        x = data.x();
        y = data.y();
        learner = LearnerSpec.parse(spec).create(dimension);
        int warm = Math.max(10, 10_000 / classes) * classes;
        for (int i = 0; i < warm; i++) {
            learner.learn(x[i % POINTS], y[i % POINTS]);
        }
        if (learner.classes().size() != classes) {
            throw new IllegalStateException(
                    "learner knows " + learner.classes().size() + " classes, expected " + classes);
        }
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (POINTS - 1);
        return i;
    }

    @Benchmark
    public void learn() {
        int i = nextIndex();
        learner.learn(x[i], y[i]);
    }

    @Benchmark
    public Prediction predict() {
        return learner.predict(x[nextIndex()]);
    }

    /** What the learner job does: rank only the published top 5. */
    @Benchmark
    public Prediction predictTop5() {
        return learner.predict(x[nextIndex()], 5);
    }

    /** One prequential step of the learner job: top-5 prediction, then learn. */
    @Benchmark
    public Prediction learnThenPredictTop5() {
        int i = nextIndex();
        Prediction p = learner.predict(x[i], 5);
        learner.learn(x[i], y[i]);
        return p;
    }

    @Benchmark
    public Prediction learnThenPredict() {
        int i = nextIndex();
        Prediction p = learner.predict(x[i]);
        learner.learn(x[i], y[i]);
        return p;
    }
}
