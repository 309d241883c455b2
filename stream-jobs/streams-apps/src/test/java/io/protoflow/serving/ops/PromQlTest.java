package io.protoflow.serving.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheMetricsBehindFunctionsMatchersRangesAndGroupings() {
        assertThat(
                        PromQl.metricNames(
                                "histogram_quantile(0.99, sum by (le, model)"
                                        + " (rate(protoflow_serving_latency_seconds_bucket{model=~\"$model\"}[5m])))"))
                .containsExactly("protoflow_serving_latency_seconds_bucket");
        assertThat(
                        PromQl.metricNames(
                                "sum by (model) (rate(a_total{x=\"y}\"}[5m])) / on(model)"
                                        + " sum(rate(b_total[1m])) * 100 + 1e3"))
                .containsExactly("a_total", "b_total");
        assertThat(PromQl.metricNames("process_cpu_usage")).containsExactly("process_cpu_usage");
    }
}
