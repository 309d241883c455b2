/**
 * The serving app's web side: {@link io.protoflow.serving.dashboard.DashboardState} gathers what
 * the topology reports into one JSON document, {@link io.protoflow.serving.dashboard.PrototypeMap}
 * projects the served prototypes onto two principal components, and {@link
 * io.protoflow.serving.dashboard.DashboardServer} serves the dashboard page (self-contained, SVG
 * charts, live over server-sent events), the Prometheus endpoint and the token-guarded admin
 * actions, on loopback by default.
 */
package io.protoflow.serving.dashboard;
