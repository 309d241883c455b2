package io.protoflow.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DiscoveryConfigTest {

    private static final DiscoveryConfig D = DiscoveryConfig.defaults();

    @Test
    void defaultsAreValidAndDocumented() {
        assertThat(D.bufferCapacity()).isEqualTo(1000);
        assertThat(D.eviction()).isEqualTo(DiscoveryConfig.Eviction.OLDEST);
        assertThat(D.minSupport()).isEqualTo(20);
        assertThat(D.newClusterDistance()).isEqualTo(2.0);
        assertThat(D.mergeDistance()).isEqualTo(1.0);
    }

    @Test
    void invalidValuesAreNamedWithTheirValue() {
        assertThatThrownBy(() -> D.withBufferCapacity(0))
                .hasMessage("bufferCapacity must be >= 1, got 0");
        assertThatThrownBy(() -> D.withCandidateBounds(1.0, 1.0, 0))
                .hasMessage("minSupport must be in [1, bufferCapacity = 1000], got 0");
        assertThatThrownBy(() -> D.withBufferCapacity(10))
                .hasMessage("minSupport must be in [1, bufferCapacity = 10], got 20");
        assertThatThrownBy(() -> D.withDistances(0.0, 0.0))
                .hasMessage("newClusterDistance must be finite and > 0, got 0.0");
        assertThatThrownBy(() -> D.withDistances(2.0, 2.5))
                .hasMessage("mergeDistance must be >= 0 and < newClusterDistance (2.0), got 2.5");
        assertThatThrownBy(() -> D.withCandidateBounds(Double.NaN, 1.0, 5))
                .hasMessage("maxCompactness must be finite and > 0, got NaN");
        assertThatThrownBy(() -> D.withCandidateBounds(1.0, -1.0, 5))
                .hasMessage("minSeparation must be finite and >= 0, got -1.0");
        assertThatThrownBy(() -> D.withRefit(0, 1)).hasMessage("refitInterval must be >= 1, got 0");
        assertThatThrownBy(() -> D.withRefit(1, 0)).hasMessage("refitPasses must be >= 1, got 0");
        assertThatThrownBy(() -> D.withReporting(0, 1))
                .hasMessage("memberSampleSize must be >= 1, got 0");
        assertThatThrownBy(() -> D.withReporting(1, 0)).hasMessage("minLabels must be >= 1, got 0");
        assertThatThrownBy(() -> D.withEviction(null, 1)).hasMessage("eviction is null");
    }

    @Test
    void knownClassesNeedAPositiveSpread() {
        assertThatThrownBy(() -> new KnownClasses(java.util.List.of(), 4, 0.0))
                .hasMessage("spread must be finite and > 0, got 0.0");
    }
}
