/**
 * The serving app: a Kafka Streams topology ({@link io.protoflow.serving.ServingApp#buildTopology})
 * that scores inference requests with the newest model snapshot, held with earlier versions in a
 * global in-memory store, swaps versions while it runs and obeys pin and rollback commands from the
 * model-control topic ({@link io.protoflow.serving.ModelControlWriter} writes them); {@link
 * io.protoflow.serving.ServeCommand} runs it with its HTTP dashboard and metrics.
 */
package io.protoflow.serving;
