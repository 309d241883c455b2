/**
 * Evaluation of novel-class discovery: the {@link io.protoflow.bench.discovery.FeatureSpace} the
 * detector runs in (fitted on known classes only), the hold-out-and-stream {@link
 * io.protoflow.bench.discovery.DiscoveryProtocol} and its {@link
 * io.protoflow.bench.discovery.DiscoveryRun} results, behind the {@code DiscoveryEval} command.
 */
package io.protoflow.bench.discovery;
