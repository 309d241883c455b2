package io.protoflow.flink.learner;

import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import io.protoflow.testing.EmbeddedKafkaExtension;
import java.util.concurrent.TimeUnit;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The learner job on a real Flink MiniCluster against the real embedded KRaft broker. */
// A failing job restarts forever under Flink's default strategy: bound the wait.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@ExtendWith(EmbeddedKafkaExtension.class)
class LearnerJobIT {

    @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.twoSlots();

    @Test
    void learnsClassIncrementalStreamAndRoutesPoisonToDeadLetters(EmbeddedKafkaBroker kafka)
            throws Exception {
        LearnerFlowScenario scenario =
                new LearnerFlowScenario(kafka.bootstrapServers(), "it-learner-flow.");
        scenario.produceStream();
        scenario.job().execute();
        scenario.verifyOutputs();
    }
}
