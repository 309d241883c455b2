package io.protoflow.testing;

import io.protoflow.kafka.embedded.EmbeddedKafkaBroker;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** Records every broker instance the extension handed out in this JVM, across test classes. */
final class BrokerSightings {

    private static final Set<EmbeddedKafkaBroker> SEEN =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private BrokerSightings() {}

    /** Records the broker and returns how many distinct brokers were seen so far. */
    static int record(EmbeddedKafkaBroker broker) {
        SEEN.add(broker);
        return SEEN.size();
    }
}
