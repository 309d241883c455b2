/**
 * The {@code protoflow} command line. {@code protoflow local} is the one-command start: an embedded
 * KRaft broker (or an external Kafka), the learner job on a local Flink MiniCluster, and a
 * class-incremental replay of a real dataset, with live progress and a summary in the terminal.
 * {@code protoflow serve} runs the serving app with its dashboard, and {@code protoflow model}
 * pins, unpins or rolls back the version it serves.
 */
package io.protoflow.cli;
