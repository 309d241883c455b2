package io.protoflow.bench.eval;

import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.DatasetNotFoundException;
import io.protoflow.core.data.Datasets;
import java.nio.file.Path;

/**
 * A dataset named on the command line: {@code digits} (bundled), {@code fashion-mnist[:DIR]}
 * (installed by {@code apt-get install dataset-fashion-mnist}, or any folder with the four IDX
 * files), {@code csv:PATH} (headed numeric CSV with a label column), {@code idx:IMAGES,LABELS} or
 * {@code jsonl:PATH} (labelled texts, one JSON object per line, encoded by a {@link TextDatasets}).
 */
public final class DatasetArgument {

    private DatasetArgument() {}

    /** Whether the spec names Fashion-MNIST, which has its own test split. */
    public static boolean isFashionMnist(String spec) {
        String s = spec.trim();
        return s.equals("fashion-mnist") || s.startsWith("fashion-mnist:");
    }

    /**
     * Loads the dataset a spec names.
     *
     * @param spec the spec, as in the class documentation
     * @param option the command-line option it came from, for messages (e.g. {@code "--in"})
     * @param labelColumn the label column of a CSV file
     * @param scale the pixel scale of IDX files
     * @param train for Fashion-MNIST, the training split when true, else the test split
     * @throws DatasetNotFoundException if a file is missing; for Fashion-MNIST the message says how
     *     to install it
     * @throws IllegalArgumentException for a spec that names no known form
     */
    public static Dataset load(
            String spec, String option, String labelColumn, float scale, boolean train) {
        return load(spec, option, labelColumn, scale, train, null);
    }

    /**
     * Loads the dataset a spec names, {@code jsonl:PATH} included.
     *
     * @param texts reads and encodes {@code jsonl:} files; null when the command takes none
     * @throws IllegalArgumentException also for a {@code jsonl:} file with a bad line, naming the
     *     line and field
     * @see #load(String, String, String, float, boolean)
     */
    public static Dataset load(
            String spec,
            String option,
            String labelColumn,
            float scale,
            boolean train,
            TextDatasets texts) {
        String s = spec.trim();
        if (s.equals("digits")) {
            return Datasets.digits();
        }
        if (isFashionMnist(s)) {
            Path dir =
                    s.equals("fashion-mnist")
                            ? Datasets.FASHION_MNIST_DEFAULT_DIR
                            : Path.of(s.substring("fashion-mnist:".length()));
            try {
                return Datasets.fashionMnist(dir, train);
            } catch (DatasetNotFoundException e) {
                throw new DatasetNotFoundException(
                        e.missing(),
                        e.getMessage()
                                + " Or give the IDX files directly: "
                                + option
                                + " idx:IMAGES,LABELS.");
            }
        }
        if (s.startsWith("csv:")) {
            return Datasets.csv(Path.of(s.substring(4)), labelColumn);
        }
        if (s.startsWith("idx:")) {
            String[] p = s.substring(4).split(",");
            if (p.length != 2) {
                throw new IllegalArgumentException(
                        option + " idx: needs IMAGES,LABELS (two paths), got '" + s + "'");
            }
            return Datasets.idx(Path.of(p[0].trim()), Path.of(p[1].trim()), scale);
        }
        if (s.startsWith("jsonl:")) {
            if (texts == null) {
                throw new IllegalArgumentException(
                        option + " jsonl: (texts) is not supported by this command");
            }
            return texts.load(Path.of(s.substring("jsonl:".length())), option);
        }
        throw new IllegalArgumentException(
                option
                        + " '"
                        + spec
                        + "' is not one of digits, fashion-mnist[:DIR], csv:PATH,"
                        + " idx:IMAGES,LABELS, jsonl:PATH");
    }
}
