package io.protoflow.cli;

import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves the {@code --dataset} argument: {@code digits} (bundled UCI digits), {@code
 * fashion-mnist} (the Debian package's IDX files), {@code csv:PATH} (a labelled CSV file with a
 * header row), or {@code jsonl:PATH} (labelled texts, loaded by {@link TextReplay}).
 */
final class DatasetSource {

    private DatasetSource() {}

    /** Whether the spec names a JSON-lines file of texts. */
    static boolean isJsonl(String spec) {
        return spec != null && spec.startsWith("jsonl:");
    }

    /**
     * The file of a {@code jsonl:PATH} spec.
     *
     * @throws IllegalArgumentException if it does not exist
     */
    static Path jsonlFile(String spec) {
        Path file = Path.of(spec.substring("jsonl:".length()));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "--dataset jsonl: file not found: " + file.toAbsolutePath());
        }
        return file;
    }

    static Dataset load(String spec, String labelColumn, Path fashionMnistDir) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--dataset must not be blank");
        }
        if (spec.equals("digits")) {
            return Datasets.digits();
        }
        if (spec.equals("fashion-mnist")) {
            return Datasets.fashionMnist(fashionMnistDir, true);
        }
        if (isJsonl(spec)) {
            throw new IllegalArgumentException(
                    "--dataset jsonl: texts are encoded by TextReplay, not loaded as vectors");
        }
        if (spec.startsWith("csv:")) {
            Path file = Path.of(spec.substring(4));
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(
                        "--dataset csv: file not found: " + file.toAbsolutePath());
            }
            return Datasets.csv(file, labelColumn);
        }
        throw new IllegalArgumentException(
                "--dataset must be digits, fashion-mnist, csv:PATH or jsonl:PATH, got '"
                        + spec
                        + "'");
    }
}
