package io.protoflow.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.core.drift.DdmDetector;
import io.protoflow.core.drift.DriftStateCodec;
import io.protoflow.core.snapshot.ClassState;
import io.protoflow.core.snapshot.PrototypeState;
import io.protoflow.core.snapshot.StateBytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The golden file {@code discovery-state.v1.bin} must load forever. It is written once per format
 * version, as a new file: {@code mvn -B -o -pl model-core -am test -Dtest=DiscoveryStateCodecTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dprotoflow.golden.write=true} (the writer refuses to
 * overwrite an existing golden).
 */
class DiscoveryStateCodecTest {

    private static final String GOLDEN = "/golden/discovery-state.v1.bin";
    private static final String GOLDEN_V2 = "/golden/discovery-state.v2.bin";
    private static final long SEED = 20261125L;
    private static final int DIM = 4;
    private static final double SIGMA = 1.0;

    /** RMS distance of an N(c, SIGMA^2 I) point to c in DIM dimensions, set exactly. */
    private static final double SPREAD = SIGMA * Math.sqrt(DIM);

    private record Point(String id, float[] x) {}

    /**
     * Known classes at three seeded centres (as prototypes, so no learner arithmetic is involved)
     * and a generator of new classes far from them and of uniform noise.
     */
    private static final class World {
        final Random random = new Random(SEED);
        final List<double[]> centres = new ArrayList<>();
        final KnownClasses known;

        World() {
            List<ClassState> classes = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                double[] c = farCentre();
                classes.add(
                        new ClassState("known" + k, 200, List.of(new PrototypeState(200.0, c))));
            }
            known = new KnownClasses(classes, DIM, SPREAD);
        }

        /** A centre at least 5 spreads from every earlier one. */
        double[] farCentre() {
            while (true) {
                double[] c = new double[DIM];
                for (int i = 0; i < DIM; i++) {
                    c[i] = random.nextGaussian() * 8.0;
                }
                boolean far = true;
                for (double[] o : centres) {
                    double d2 = 0;
                    for (int i = 0; i < DIM; i++) {
                        d2 += (c[i] - o[i]) * (c[i] - o[i]);
                    }
                    far &= d2 > 25 * SPREAD * SPREAD;
                }
                if (far) {
                    centres.add(c);
                    return c;
                }
            }
        }

        List<Point> sample(double[] centre, int n, String prefix) {
            List<Point> out = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                float[] x = new float[DIM];
                for (int i = 0; i < DIM; i++) {
                    x[i] = (float) (centre[i] + random.nextGaussian() * SIGMA);
                }
                out.add(new Point(prefix + "-" + j, x));
            }
            return out;
        }

        List<Point> noise(int n, double half, String prefix) {
            List<Point> out = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                float[] x = new float[DIM];
                for (int i = 0; i < DIM; i++) {
                    x[i] = (float) ((random.nextDouble() * 2 - 1) * half);
                }
                out.add(new Point(prefix + "-" + j, x));
            }
            return out;
        }
    }

    /** A detector mid-stream and the stream that continues it. */
    private record Scenario(NovelClassDetector detector, List<Point> rest) {}

    /**
     * Two new classes, a small one, noise; a reservoir buffer that has evicted; one candidate
     * promoted through labels, another emitted and waiting, and a label on a non-candidate record.
     */
    private static Scenario scenario() {
        return scenario(DiscoveryConfig.RefitMethod.GREEDY);
    }

    private static Scenario scenario(DiscoveryConfig.RefitMethod refit) {
        World w = new World();
        double[] a = w.farCentre();
        double[] b = w.farCentre();
        double[] c = w.farCentre();
        List<Point> first = new ArrayList<>();
        first.addAll(w.sample(a, 40, "newA"));
        first.addAll(w.sample(b, 40, "newB"));
        first.addAll(w.sample(c, 4, "newC"));
        first.addAll(w.noise(16, 40.0, "noise"));
        Collections.shuffle(first, new Random(SEED));
        DiscoveryConfig config =
                DiscoveryConfig.defaults()
                        .withBufferCapacity(60)
                        .withEviction(DiscoveryConfig.Eviction.RESERVOIR, 3L)
                        .withCandidateBounds(1.25, 1.0, 10)
                        .withRefit(17, 2)
                        .withReporting(5, 2)
                        .withRefitMethod(refit);
        NovelClassDetector d = new NovelClassDetector(config, w.known);
        long t = 0;
        for (Point p : first) {
            d.add(new OodRecord(p.id(), p.x(), 1000 * t++));
        }
        // promote the candidate of newA with two labels
        List<String> newA = bufferedWithPrefix(d, "newA-");
        d.assignLabel(newA.get(0), "shoe");
        d.assignLabel(newA.get(1), "shoe");
        // a label on a record outside any candidate is kept in the buffer
        d.assignLabel(bufferedWithPrefix(d, "noise-").get(0), "boot");

        List<Point> rest = new ArrayList<>();
        rest.addAll(w.sample(a, 10, "moreA"));
        rest.addAll(w.sample(b, 20, "moreB"));
        rest.addAll(w.sample(w.farCentre(), 30, "newD"));
        rest.addAll(w.noise(10, 40.0, "moreNoise"));
        Collections.shuffle(rest, new Random(SEED + 1));
        return new Scenario(d, rest);
    }

    private static List<String> bufferedWithPrefix(NovelClassDetector d, String prefix) {
        return d.snapshot().buffer().stream()
                .map(DiscoveryState.BufferedRecord::exampleId)
                .filter(id -> id.startsWith(prefix))
                .toList();
    }

    /**
     * Continues a detector on the rest of the stream, labelling every 7th record's predecessor, and
     * returns everything it emitted: candidates, promotions (or their absence) and current
     * candidates at the end.
     */
    private static List<Object> continueOn(NovelClassDetector d, List<Point> rest) {
        List<Object> out = new ArrayList<>();
        long t = 1_000_000;
        for (int i = 0; i < rest.size(); i++) {
            Point p = rest.get(i);
            out.add(d.add(new OodRecord(p.id(), p.x(), t++)));
            if (i % 7 == 6) {
                String label = rest.get(i - 1).id().substring(0, 5);
                out.add(d.assignLabel(rest.get(i - 1).id(), label));
            }
        }
        out.add(d.currentCandidates());
        out.add(d.estimatedNewClasses());
        return out;
    }

    @Test
    void roundTripOfAMidStreamDetectorDecodesEqualAndContinuesIdentically() {
        Scenario s = scenario();
        DiscoveryState state = s.detector().snapshot();
        // the state exercises every part of the format
        assertThat(state.recordsSeen()).isGreaterThan(state.config().bufferCapacity());
        assertThat(state.promoted()).extracting(ClassState::label).containsExactly("shoe");
        assertThat(state.clusters()).anyMatch(c -> c.candidateId() != null);
        assertThat(state.clusters()).anyMatch(c -> c.candidateId() == null);
        assertThat(state.buffer()).anyMatch(r -> "boot".equals(r.label()));
        assertThat(state.candidatesEmitted()).isGreaterThanOrEqualTo(2);

        byte[] bytes = DiscoveryStateCodec.encode(state);
        DiscoveryState decoded = DiscoveryStateCodec.decode(bytes);

        assertThat(decoded).isEqualTo(state);
        assertThat(DiscoveryStateCodec.encode(decoded)).isEqualTo(bytes);
        NovelClassDetector restored = NovelClassDetector.restore(decoded);
        List<Object> expected = continueOn(s.detector(), s.rest());
        List<Object> actual = continueOn(restored, s.rest());
        assertThat(actual).isEqualTo(expected);
        // the continuation itself emits and promotes, so the comparison covers both paths
        assertThat(expected).anyMatch(o -> o instanceof List<?> l && !l.isEmpty());
        assertThat(expected).anyMatch(o -> o instanceof Optional<?> p && p.isPresent());
        assertThat(restored.snapshot().candidatesEmitted())
                .isGreaterThan(state.candidatesEmitted());
        assertThat(DiscoveryStateCodec.encode(restored.snapshot()))
                .isEqualTo(DiscoveryStateCodec.encode(s.detector().snapshot()));
    }

    @Test
    void equalStatesEncodeToEqualBytes() {
        byte[] a = DiscoveryStateCodec.encode(scenario().detector().snapshot());
        byte[] b = DiscoveryStateCodec.encode(scenario().detector().snapshot());

        assertThat(b).isEqualTo(a);
        assertThat(Arrays.copyOf(a, 8)).containsExactly('P', 'F', 'N', 'C', 0, 0, 0, 2);
    }

    @Test
    void emptyDetectorRoundTrips() {
        NovelClassDetector d =
                new NovelClassDetector(DiscoveryConfig.defaults(), new World().known);
        DiscoveryState state = d.snapshot();

        assertThat(DiscoveryStateCodec.decode(DiscoveryStateCodec.encode(state))).isEqualTo(state);
    }

    @Test
    @EnabledIfSystemProperty(named = "protoflow.golden.write", matches = "true")
    void writeGolden() throws IOException {
        Path file =
                Path.of(System.getProperty("basedir", "."))
                        .resolve("src/test/resources" + GOLDEN_V2);
        assertThat(file)
                .as("golden %s exists; a new format version gets a new file", file)
                .doesNotExist();
        Files.createDirectories(file.getParent());
        Files.write(
                file,
                DiscoveryStateCodec.encode(
                        scenario(DiscoveryConfig.RefitMethod.GLOBAL).detector().snapshot()));
        System.out.println("wrote " + file.toAbsolutePath());
    }

    @Test
    void goldenVersion2BytesStillDecodeAndAreReproduced() throws IOException {
        byte[] golden = golden(GOLDEN_V2);
        DiscoveryState decoded = DiscoveryStateCodec.decode(golden);

        assertThat(decoded.version()).isEqualTo(2);
        assertThat(decoded.config().refitMethod()).isEqualTo(DiscoveryConfig.RefitMethod.GLOBAL);
        assertThat(DiscoveryStateCodec.encode(decoded)).isEqualTo(golden);
        Scenario s = scenario(DiscoveryConfig.RefitMethod.GLOBAL);
        assertThat(decoded).isEqualTo(s.detector().snapshot());
        assertThat(continueOn(NovelClassDetector.restore(decoded), s.rest()))
                .isEqualTo(continueOn(s.detector(), s.rest()));
    }

    private byte[] golden(String resource) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            assertThat(in).as("golden file %s", resource).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void goldenVersion1BytesStillDecodeAsGreedyRefitAndAreReproduced() throws IOException {
        byte[] golden = golden(GOLDEN);
        DiscoveryState decoded = DiscoveryStateCodec.decode(golden);

        assertThat(decoded.version()).isEqualTo(1);
        assertThat(DiscoveryStateCodec.encode(decoded)).isEqualTo(golden);
        assertThat(decoded.promoted()).extracting(ClassState::label).containsExactly("shoe");
        // newA's 28 buffered members left with the promotion; newB's candidate and noise remain
        assertThat(decoded.buffer()).hasSize(32);
        assertThat(decoded.clusters())
                .filteredOn(c -> c.candidateId() != null)
                .extracting(DiscoveryState.ClusterState::candidateId)
                .containsExactly("novel-1");
        assertThat(decoded.config().refitMethod()).isEqualTo(DiscoveryConfig.RefitMethod.GREEDY);
        // format 1 had only the greedy refit: the same detector today, snapshot at version 2
        Scenario s = scenario(DiscoveryConfig.RefitMethod.GREEDY);
        DiscoveryState now = s.detector().snapshot();
        assertThat(decoded)
                .isEqualTo(
                        new DiscoveryState(
                                1,
                                now.config(),
                                now.known(),
                                now.promoted(),
                                now.buffer(),
                                now.clusters(),
                                now.nextClusterId(),
                                now.candidatesEmitted(),
                                now.recordsSeen(),
                                now.sinceRefit()));
        assertThat(continueOn(NovelClassDetector.restore(decoded), s.rest()))
                .isEqualTo(continueOn(s.detector(), s.rest()));
    }

    @Test
    void corruptTruncatedForeignAndNewerBytesAreRejectedWithAClearMessage() {
        byte[] bytes = DiscoveryStateCodec.encode(scenario().detector().snapshot());

        byte[] flipped = bytes.clone();
        flipped[100] ^= 1;
        assertThatThrownBy(() -> DiscoveryStateCodec.decode(flipped))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("discovery state checksum mismatch: stored 0x")
                .hasMessageEndingWith("(corrupt data)");
        assertThatThrownBy(() -> DiscoveryStateCodec.decode(Arrays.copyOf(bytes, bytes.length - 9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("discovery state checksum mismatch");
        assertThatThrownBy(() -> DiscoveryStateCodec.decode(Arrays.copyOf(bytes, 10)))
                .hasMessage("discovery state is truncated: 10 bytes, at least 12 needed");
        assertThatThrownBy(() -> DiscoveryStateCodec.decode(null)).hasMessage("bytes is null");

        byte[] newer = bytes.clone();
        newer[7] = 3;
        assertThatThrownBy(() -> DiscoveryStateCodec.decode(newer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown discovery state format version 3, this build reads up to 2");

        byte[] drift = DriftStateCodec.encode(new DdmDetector().snapshot());
        assertThatThrownBy(() -> DiscoveryStateCodec.decode(drift))
                .hasMessage(
                        "not a Protoflow discovery state: magic bytes are 0x50464453, expected"
                                + " 0x50464e43");
    }

    @Test
    void checksummedButCutBodyNamesTheFieldItStoppedAt() {
        byte[] bytes = DiscoveryStateCodec.encode(scenario().detector().snapshot());
        int magic = ByteBuffer.wrap(bytes).getInt();
        // config (77 bytes with the eviction name "RESERVOIR") and known.dimension, then nothing
        byte[] cut = StateBytes.write(magic, 1, out -> out.write(bytes, 8, 77 + 4));

        assertThatThrownBy(() -> DiscoveryStateCodec.decode(cut))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "discovery state is invalid: discovery state is truncated or corrupt:"
                                + " reading known.spread needs 8 bytes, 0 left");
    }

    @Test
    void checksummedStateThatBreaksAnInvariantIsRejectedByTheStateRecord() {
        DiscoveryState s = scenario().detector().snapshot();
        String first = s.buffer().get(0).exampleId();
        byte[] bad = withClusterIdOfFirstRecord(DiscoveryStateCodec.encode(s), first, -5L);

        assertThatThrownBy(() -> DiscoveryStateCodec.decode(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "discovery state is invalid: example '"
                                + first
                                + "' is in unknown cluster -5");
    }

    /**
     * Valid bytes with the first buffered record's cluster id replaced, re-framed with a correct
     * checksum (as a buggy writer would produce them).
     */
    private static byte[] withClusterIdOfFirstRecord(byte[] bytes, String exampleId, long id) {
        byte[] body = Arrays.copyOfRange(bytes, 8, bytes.length - 4);
        byte[] idBytes = exampleId.getBytes(StandardCharsets.UTF_8);
        // no example id occurs before the buffer, so the first match is the first record; its
        // clusterId follows the id and the eventTime
        int at = indexOf(body, idBytes) + idBytes.length + 8;
        ByteBuffer.wrap(body).putLong(at, id);
        int magic = ByteBuffer.wrap(bytes).getInt();
        int version = ByteBuffer.wrap(bytes).getInt(4);
        return StateBytes.write(magic, version, out -> out.write(body));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
