package io.protoflow.flink.learner;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.monitor.ModelMonitor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Keyed-state descriptors of the learner operators. State names are part of the savepoint layout:
 * renaming one loses that state on restore.
 */
final class LearnerStates {

    private LearnerStates() {}

    /** A learner, stored in model-core's snapshot format. */
    static ValueStateDescriptor<Learner> learner(String name) {
        return new ValueStateDescriptor<>(name, LearnerSerializer.INSTANCE);
    }

    /** A model's monitor (OOD scorers, alert monitors, discovery). */
    static ValueStateDescriptor<ModelMonitor> monitor() {
        return new ValueStateDescriptor<>("monitor", MonitorSerializer.INSTANCE);
    }

    /** Snapshot lineage and cadence bookkeeping of a model. */
    static ValueStateDescriptor<ModelProgress> progress() {
        return new ValueStateDescriptor<>("progress", TypeInformation.of(ModelProgress.class));
    }
}
