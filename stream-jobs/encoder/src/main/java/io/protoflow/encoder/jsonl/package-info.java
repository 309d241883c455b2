/**
 * Labelled texts from JSON-lines files, encoded into vectors so that text classification runs
 * through the same learners, streams and evaluations as vector datasets. {@link
 * io.protoflow.encoder.jsonl.JsonlTexts} reads a file line by line, keeps every bad line with its
 * line number, field and reason instead of stopping at it, optionally orders the texts by a time
 * field, and encodes them in batches with a {@link io.protoflow.encoder.TextEncoder}.
 */
package io.protoflow.encoder.jsonl;
