package io.protoflow.serving.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrototypeMapTest {

    private static final long SEED = 7;

    /** n points on a 2-D plane embedded in d dimensions by an orthonormal pair, plus tiny noise. */
    private static List<double[]> planar(int n, int d, Random random, double[][] planeCoords) {
        double[] u = new double[d];
        double[] w = new double[d];
        u[0] = Math.sqrt(0.5);
        u[1] = Math.sqrt(0.5);
        w[2] = 1;
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = random.nextGaussian() * 10;
            double b = random.nextGaussian() * 3;
            planeCoords[i][0] = a;
            planeCoords[i][1] = b;
            double[] p = new double[d];
            for (int j = 0; j < d; j++) {
                p[j] = 5 + a * u[j] + b * w[j];
            }
            points.add(p);
        }
        return points;
    }

    private static void assertPreservesDistances(int n, int d) {
        Random random = new Random(SEED);
        double[][] plane = new double[n][2];
        List<double[]> points = planar(n, d, random, plane);
        List<String> labels = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels.add("c" + (i % 3));
            weights.add(1.0 + i);
        }
        PrototypeMap map = PrototypeMap.project(labels, weights, points, SEED);
        assertThat(map.points()).hasSize(n);
        // all variance lies in the plane: two axes explain it completely, the first most
        assertThat(map.explained()[0] + map.explained()[1]).isCloseTo(1.0, within(1e-9));
        assertThat(map.explained()[0]).isGreaterThan(map.explained()[1]);
        // a rotation of the plane: pairwise distances survive to 1e-6
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double expected = Math.hypot(plane[i][0] - plane[j][0], plane[i][1] - plane[j][1]);
                PrototypeMap.Point a = map.points().get(i);
                PrototypeMap.Point b = map.points().get(j);
                assertThat(Math.hypot(a.x() - b.x(), a.y() - b.y()))
                        .isCloseTo(expected, within(1e-6 * Math.max(1, expected)));
            }
        }
        assertThat(map.points().get(4).label()).isEqualTo("c1");
        assertThat(map.points().get(4).weight()).isEqualTo(5.0);
    }

    @Test
    void fewPrototypesInManyDimensionsKeepTheirPairwiseDistances() {
        assertPreservesDistances(12, 64);
    }

    @Test
    void manyPrototypesInFewDimensionsKeepTheirPairwiseDistances() {
        assertPreservesDistances(40, 5);
    }

    @Test
    void signsAreFixedSoTheSameInputDrawsTheSameMap() {
        Random random = new Random(SEED);
        List<double[]> points = planar(10, 8, random, new double[10][2]);
        List<String> labels = java.util.Collections.nCopies(10, "a");
        List<Double> weights = java.util.Collections.nCopies(10, 1.0);
        PrototypeMap first = PrototypeMap.project(labels, weights, points, 1);
        PrototypeMap second = PrototypeMap.project(labels, weights, points, 99);
        for (int i = 0; i < 10; i++) {
            assertThat(second.points().get(i).x())
                    .isCloseTo(first.points().get(i).x(), within(1e-6));
            assertThat(second.points().get(i).y())
                    .isCloseTo(first.points().get(i).y(), within(1e-6));
        }
    }

    @Test
    void degenerateInputsGiveAMapWithoutAxes() {
        assertThat(PrototypeMap.project(List.of(), List.of(), List.of(), SEED).points()).isEmpty();
        PrototypeMap one =
                PrototypeMap.project(
                        List.of("a"), List.of(2.0), List.of(new double[] {1, 2}), SEED);
        assertThat(one.points()).containsExactly(new PrototypeMap.Point("a", 2.0, 0, 0));
        assertThat(one.explained()).isEmpty();
        PrototypeMap two =
                PrototypeMap.project(
                        List.of("a", "b"),
                        List.of(1.0, 1.0),
                        List.of(new double[] {0, 0, 0}, new double[] {3, 4, 0}),
                        SEED);
        assertThat(two.explained()).hasSize(1);
        assertThat(two.explained()[0]).isCloseTo(1.0, within(1e-12));
        assertThat(Math.abs(two.points().get(0).x() - two.points().get(1).x()))
                .isCloseTo(5.0, within(1e-9));
    }
}
