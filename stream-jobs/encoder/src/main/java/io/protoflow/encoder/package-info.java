/**
 * Sentence encoder: turns text into L2-normalised vectors so that text streams go through the same
 * learners and indexes as vector streams. {@link io.protoflow.encoder.OnnxSentenceEncoder} runs a
 * pretrained MiniLM with DJL and ONNX Runtime, strictly offline, from a model shipped on the
 * classpath. This module is separate so that jobs without text never load ONNX Runtime's natives.
 */
package io.protoflow.encoder;
