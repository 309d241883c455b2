/**
 * The watch kept beside each model: calibrated OOD verdicts on predictions, OOD-rate and error-rate
 * drift alerts with hysteresis, and novel-class discovery over flagged records, held as one {@link
 * io.protoflow.core.monitor.ModelMonitor} that streaming operators keep in state and persist with
 * {@link io.protoflow.core.monitor.ModelMonitorCodec}.
 */
package io.protoflow.core.monitor;
