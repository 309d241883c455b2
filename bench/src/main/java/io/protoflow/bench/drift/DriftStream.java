package io.protoflow.bench.drift;

import com.yahoo.labs.samoa.instances.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import moa.streams.ConceptDriftStream;
import moa.streams.InstanceStream;

/**
 * A MOA generator stream with known drift points: {@code drifts + 1} concepts of one generator,
 * chained by nested {@link ConceptDriftStream}s, so concept {@code k} takes over around record
 * {@code k * segment} ({@code k = 1..drifts}). A nested stream counts only the records it produces,
 * so every nesting level uses the relative position {@code segment}; the absolute drift centres are
 * then {@code segment, 2 segment, ...} (checked on SEA without label noise by {@code
 * DriftStreamTest}). With {@code width > 1} MOA blends the concepts along a sigmoid of that width
 * centred on the drift point.
 *
 * <p>Generators ({@code -i} instance seeds differ per concept, so the concepts do not replay the
 * same inputs):
 *
 * <ul>
 *   <li>{@code sea}: {@code SEAGenerator}, functions 1, 2, 3, 4, 1, ... (thresholds 8, 9, 7, 9.5),
 *       10% label noise;
 *   <li>{@code agrawal}: {@code AgrawalGenerator}, functions 1, 2, 3, ... 10, 1, ...;
 *   <li>{@code rbf}: {@code RandomRBFGenerator} (10 attributes, 50 centroids, 2 classes) with a new
 *       model seed per concept: every centroid moves at each drift.
 * </ul>
 *
 * @param generator {@code sea}, {@code agrawal} or {@code rbf}
 * @param drifts number of drift points, >= 1
 * @param segment records between drift centres, > width
 * @param width MOA's drift width: 1 is abrupt, larger is gradual
 * @param seed seed of the instance generators and the concept blending
 */
public record DriftStream(String generator, int drifts, int segment, int width, long seed) {

    /** Agrawal's functions in concept order: each step raised Naive Bayes' error in a scan. */
    private static final int[] AGRAWAL_FUNCTIONS = {1, 4, 7, 10, 3, 6, 9, 2, 5, 8};

    /** The generator names this harness knows. */
    public static final List<String> GENERATORS = List.of("sea", "agrawal", "rbf");

    public DriftStream {
        if (!GENERATORS.contains(generator)) {
            throw new IllegalArgumentException(
                    "generator must be one of " + GENERATORS + ", got '" + generator + "'");
        }
        if (drifts < 1) {
            throw new IllegalArgumentException("drifts must be >= 1, got " + drifts);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1, got " + width);
        }
        if (segment <= width) {
            throw new IllegalArgumentException(
                    "segment must be > width " + width + ", got " + segment);
        }
        if (seed < 1 || seed > 100_000) {
            throw new IllegalArgumentException("seed must be in [1, 100000], got " + seed);
        }
    }

    /** Total records: one segment per concept. */
    public int length() {
        return (drifts + 1) * segment;
    }

    /** The drift centres, 0-based record indices. */
    public int[] centres() {
        int[] c = new int[drifts];
        for (int k = 1; k <= drifts; k++) {
            c[k - 1] = k * segment;
        }
        return c;
    }

    /** The MOA command-line spec of the whole stream (for the results and for MOA's GUI). */
    public String moaSpec() {
        return "ConceptDriftStream " + nested(0);
    }

    private String nested(int k) {
        String inner = k + 1 == drifts ? concept(k + 1) : "ConceptDriftStream " + nested(k + 1);
        return String.format(
                Locale.ROOT,
                "-s (%s) -d (%s) -p %d -w %d -r %d",
                concept(k),
                inner,
                segment,
                width,
                seed * 100 + k);
    }

    /** The generator spec of concept {@code k}. */
    String concept(int k) {
        int instanceSeed = (int) (seed * 100 + k);
        return switch (generator) {
            case "sea" ->
                    "generators.SEAGenerator -f " + (k % 2 == 0 ? 4 : 3) + " -i " + instanceSeed;
            case "agrawal" ->
                    "generators.AgrawalGenerator -f "
                            + AGRAWAL_FUNCTIONS[k % AGRAWAL_FUNCTIONS.length]
                            + " -i "
                            + instanceSeed;
            case "rbf" ->
                    "generators.RandomRBFGenerator -r "
                            + (seed * 1000 + k)
                            + " -i "
                            + instanceSeed
                            + " -a 10 -n 50 -c 2";
            default -> throw new AssertionError(generator);
        };
    }

    /** Opens the MOA stream, prepared for use. */
    public InstanceStream open() {
        ConceptDriftStream s = new ConceptDriftStream();
        s.getOptions().setViaCLIString(nested(0));
        s.prepareForUse();
        return s;
    }

    /** All instances of the stream, in order. */
    public List<Instance> instances() {
        InstanceStream s = open();
        List<Instance> out = new ArrayList<>(length());
        for (int i = 0; i < length(); i++) {
            out.add(s.nextInstance().getData());
        }
        return out;
    }

    /** A short name, e.g. {@code sea w=1000 seed=3}. */
    public String label() {
        return generator + " w=" + width + " seed=" + seed;
    }
}
