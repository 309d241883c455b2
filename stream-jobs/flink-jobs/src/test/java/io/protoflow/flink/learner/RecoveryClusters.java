package io.protoflow.flink.learner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * MiniClusters that the recovery tests drive themselves (kill and add TaskManagers, stop with
 * savepoints), with a bounded restart strategy: a job that keeps failing ends instead of restarting
 * forever.
 */
final class RecoveryClusters {

    /** Restarts a job may make before it fails for good. */
    static final int RESTART_ATTEMPTS = 5;

    private RecoveryClusters() {}

    /** Starts a cluster of {@code taskManagers} TaskManagers with {@code slots} slots each. */
    static MiniCluster start(int taskManagers, int slots, Path checkpoints) throws Exception {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTART_ATTEMPTS);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        // A killed TaskManager is noticed at once when it disconnects; the heartbeat timeout only
        // bounds the wait if it does not.
        conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(10));
        MiniCluster cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(taskManagers)
                                .setNumSlotsPerTaskManager(slots)
                                .build());
        cluster.start();
        return cluster;
    }

    /** An environment submitting to {@code cluster}, restoring from {@code savepoint} if set. */
    static StreamExecutionEnvironment env(MiniCluster cluster, int parallelism, String savepoint) {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        }
        return new TestStreamEnvironment(cluster, conf, parallelism, List.of(), List.of());
    }
}
