package io.protoflow.core.snapshot;

/**
 * Where a model snapshot came from: the job that produced it, how many records it had consumed, and
 * a digest of the configuration it ran with, so that a served model can be traced back.
 *
 * @param job the producing job's name, not blank
 * @param recordsSeen records consumed by the job when the snapshot was taken, >= 0
 * @param configDigest a digest of the job configuration (e.g. {@code "sha256:..."}); may be empty
 *     when unknown, never null
 */
public record Provenance(String job, long recordsSeen, String configDigest) {

    public Provenance {
        if (job == null || job.isBlank()) {
            throw new IllegalArgumentException("job is blank: '" + job + "'");
        }
        if (recordsSeen < 0) {
            throw new IllegalArgumentException("recordsSeen must be >= 0, got " + recordsSeen);
        }
        if (configDigest == null) {
            throw new IllegalArgumentException("configDigest is null (use \"\" when unknown)");
        }
    }
}
