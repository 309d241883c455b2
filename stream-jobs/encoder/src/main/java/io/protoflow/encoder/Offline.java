package io.protoflow.encoder;

/**
 * DJL's offline switches. They must be set before DJL's engine classes initialise: otherwise engine
 * start-up looks up cloud metadata and usage tracking over the network.
 */
public final class Offline {

    private Offline() {}

    /**
     * Sets {@code ai.djl.offline=true} and {@code OPT_OUT_TRACKING=true} unless the JVM was started
     * with other values.
     */
    public static void enable() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }
}
