/**
 * The only place where Avro topic records meet model-core values: mappers that validate incoming
 * records, turn them into core inputs, and turn core outputs (predictions, snapshots) back into
 * Avro records. Keeping the mapping here lets model-core stay free of Avro and lets every job and
 * app agree on one translation.
 */
package io.protoflow.stream.mapping;
