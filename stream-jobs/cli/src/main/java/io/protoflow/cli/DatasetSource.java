package io.protoflow.cli;

import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.Datasets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves the {@code --dataset} argument: {@code digits} (bundled UCI digits), {@code
 * fashion-mnist} (the Debian package's IDX files), or {@code csv:PATH} (a labelled CSV file with a
 * header row).
 */
final class DatasetSource {

    private DatasetSource() {}

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
        if (spec.startsWith("csv:")) {
            Path file = Path.of(spec.substring(4));
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(
                        "--dataset csv: file not found: " + file.toAbsolutePath());
            }
            return Datasets.csv(file, labelColumn);
        }
        throw new IllegalArgumentException(
                "--dataset must be digits, fashion-mnist or csv:PATH, got '" + spec + "'");
    }
}
