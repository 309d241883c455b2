package io.protoflow.flink.learner;

import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same flow as {@link LearnerJobIT} against Testcontainers' Kafka, where a Docker engine
 * exists; skipped cleanly where none does.
 */
// A failing job restarts forever under Flink's default strategy: bound the wait.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@Testcontainers(disabledWithoutDocker = true)
class LearnerJobContainerIT {

    /** Same Kafka line as the embedded broker. */
    static final String KAFKA_IMAGE = "apache/kafka:4.2.0";

    @Container static final KafkaContainer KAFKA = new KafkaContainer(KAFKA_IMAGE);

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @Test
    void learnsClassIncrementalStreamOnContainerKafka() throws Exception {
        LearnerFlowScenario scenario =
                new LearnerFlowScenario(KAFKA.getBootstrapServers(), "it-container.");
        scenario.produceStream();
        scenario.job().execute();
        scenario.verifyOutputs();
    }
}
