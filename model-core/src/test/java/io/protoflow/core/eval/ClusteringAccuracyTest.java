package io.protoflow.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusteringAccuracyTest {

    @Test
    void perfectClusteringUnderOtherNamesScoresOne() {
        ClusteringAccuracy a =
                ClusteringAccuracy.of(
                        List.of("cat", "cat", "dog", "dog", "eel"),
                        List.of("c7", "c7", "c2", "c2", "c9"));

        assertThat(a.accuracy()).isEqualTo(1.0);
        assertThat(a.matching()).containsEntry("c7", "cat").containsEntry("c2", "dog");
    }

    @Test
    void eachClusterCountsForOneClassOnly() {
        // one cluster holding two classes: only the larger class is matched
        ClusteringAccuracy a =
                ClusteringAccuracy.of(
                        List.of("a", "a", "a", "b", "b", "b"),
                        List.of("x", "x", "x", "x", "x", "y"));

        assertThat(a.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(a.matching()).containsEntry("x", "a").containsEntry("y", "b");
    }

    @Test
    void surplusClustersAndUnclusteredExamplesCountAsWrong() {
        ClusteringAccuracy a =
                ClusteringAccuracy.of(
                        List.of("a", "a", "a", "a", "b", "b"),
                        Arrays.asList("x", "x", "z", null, "y", "y"));

        assertThat(a.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(a.matching()).hasSize(2);
        assertThat(a.examples()).isEqualTo(6);
    }
}
