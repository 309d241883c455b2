/**
 * Batch reference models for the offline upper bound of the evaluation: shrinkage LDA (the batch
 * counterpart of streaming LDA) and multinomial logistic regression. Plain Java, bench only; they
 * are yardsticks, not product code.
 */
package io.protoflow.bench.offline;
