package io.protoflow.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DpMeansSearchTest {

    /** Three unit-variance blobs in 4 dimensions, 10 apart along the first axis. */
    private static List<float[]> blobs() {
        Random random = new Random(11);
        List<float[]> points = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            float[] x = new float[4];
            for (int j = 0; j < 4; j++) {
                x[j] = (float) random.nextGaussian();
            }
            x[0] += 10 * (i % 3);
            points.add(x);
        }
        return points;
    }

    @Test
    void findsTheBlobsAtAClusterPriceBetweenTheirGainAndASplitsGain() {
        List<float[]> points = blobs();
        // a fourth centre saves well under 100 in squared distance; merging two blobs costs ~5000
        DpMeansSearch.Result r = DpMeansSearch.fit(points, 100, 10, 10, 7L);
        assertThat(r.clusters()).isEqualTo(3);
        for (int i = 0; i < points.size(); i++) {
            // members of one blob share a cluster, and blobs do not
            assertThat(r.assignment()[i]).isEqualTo(r.assignment()[i % 3]);
        }
        assertThat(r.assignment()[0]).isNotIn(r.assignment()[1], r.assignment()[2]);
        assertThat(r.assignment()[1]).isNotEqualTo(r.assignment()[2]);
    }

    @Test
    void aHighClusterPriceGivesOneClusterAndTheSameSeedTheSameResult() {
        List<float[]> points = blobs();
        assertThat(DpMeansSearch.fit(points, 1e6, 10, 10, 7L).clusters()).isEqualTo(1);
        assertThat(DpMeansSearch.fit(points, 100, 10, 10, 3L).assignment())
                .isEqualTo(DpMeansSearch.fit(points, 100, 10, 10, 3L).assignment());
    }

    @Test
    void rejectsInvalidArgumentsNamingThem() {
        assertThatThrownBy(() -> DpMeansSearch.fit(blobs(), 0, 10, 10, 1L))
                .hasMessage("lambda must be finite and > 0, got 0.0");
        assertThatThrownBy(() -> DpMeansSearch.fit(blobs(), 1, 0, 10, 1L))
                .hasMessage("maxClusters must be >= 1, got 0");
    }
}
