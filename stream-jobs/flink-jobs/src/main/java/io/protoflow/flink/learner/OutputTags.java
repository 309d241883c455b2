package io.protoflow.flink.learner;

import io.protoflow.schemas.Alert;
import io.protoflow.schemas.DeadLetter;
import io.protoflow.schemas.ModelSnapshot;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.OutputTag;

/** Side outputs of the learner job. */
public final class OutputTags {

    /** Records rejected by any stage, with their reason. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

    /** Published model snapshots. */
    public static final OutputTag<ModelSnapshot> SNAPSHOTS =
            new OutputTag<>("model-snapshots", new AvroTypeInfo<>(ModelSnapshot.class));

    /** What learner shards learned since their last flush, for the merger. */
    public static final OutputTag<ModelDelta> DELTAS =
            new OutputTag<>("model-deltas", TypeInformation.of(ModelDelta.class));

    /** Raised and resolved alerts (drift, OOD rate, novel class). */
    public static final OutputTag<Alert> ALERTS =
            new OutputTag<>("alerts", new AvroTypeInfo<>(Alert.class));

    private OutputTags() {}
}
