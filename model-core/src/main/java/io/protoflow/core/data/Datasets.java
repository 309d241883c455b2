package io.protoflow.core.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Loaders for the datasets Protoflow demos, tests and benchmarks run on: the bundled UCI digits,
 * Fashion-MNIST, any IDX image/label pair and headed numeric CSV files. Readers accept plain or
 * gzip-compressed files (detected by content) and fail with unchecked exceptions that name the
 * file, line, column and value at fault.
 */
public final class Datasets {

    /** Where the {@code dataset-fashion-mnist} Debian/Ubuntu package installs its files. */
    public static final Path FASHION_MNIST_DEFAULT_DIR =
            Path.of("/usr/share/datasets/fashion-mnist");

    /** The classpath resource holding the digits, 64 pixel counts then the label per line. */
    static final String DIGITS_RESOURCE = "/io/protoflow/core/data/digits.csv.gz";

    private static final int DIGITS_DIMENSION = 64;
    private static final int IDX_IMAGES_MAGIC = 0x00000803;
    private static final int IDX_LABELS_MAGIC = 0x00000801;
    private static final Pattern NUMBER =
            Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private static volatile Dataset digits;

    private Datasets() {}

    /**
     * The UCI optical recognition of handwritten digits test set (as distributed with scikit-learn,
     * BSD-3-Clause), bundled in this jar: 1,797 rows of 64 pixel counts (an 8x8 grid, values 0..16
     * kept as floats), labels {@code "0"}..{@code "9"}, ids {@code "digits-<row>"}. Loaded once and
     * cached.
     */
    public static Dataset digits() {
        Dataset d = digits;
        if (d == null) {
            synchronized (Datasets.class) {
                d = digits;
                if (d == null) {
                    d = loadDigits();
                    digits = d;
                }
            }
        }
        return d;
    }

    private static Dataset loadDigits() {
        InputStream raw = Datasets.class.getResourceAsStream(DIGITS_RESOURCE);
        if (raw == null) {
            throw new IllegalStateException(
                    "bundled resource " + DIGITS_RESOURCE + " is missing from the classpath");
        }
        List<LabelledVector> rows = new ArrayList<>(1797);
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(
                                new GZIPInputStream(raw), StandardCharsets.US_ASCII))) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != DIGITS_DIMENSION + 1) {
                    throw new IllegalStateException(
                            DIGITS_RESOURCE
                                    + " line "
                                    + lineNo
                                    + " has "
                                    + cells.length
                                    + " columns, expected "
                                    + (DIGITS_DIMENSION + 1));
                }
                float[] x = new float[DIGITS_DIMENSION];
                for (int i = 0; i < DIGITS_DIMENSION; i++) {
                    x[i] = Float.parseFloat(cells[i].trim());
                }
                rows.add(
                        new LabelledVector(
                                "digits-" + rows.size(), x, cells[DIGITS_DIMENSION].trim()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled " + DIGITS_RESOURCE, e);
        }
        return new Dataset("digits", DIGITS_DIMENSION, rows);
    }

    /**
     * Fashion-MNIST (Zalando, MIT licence) from a folder holding {@code
     * {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz}: 60,000 training or 10,000 test rows of 784
     * pixels scaled by {@code / 255f} into [0, 1], labels {@code "0"}..{@code "9"}, ids {@code
     * "fashion-mnist-train-<row>"} or {@code "fashion-mnist-test-<row>"}.
     *
     * @param dir the folder, e.g. {@link #FASHION_MNIST_DEFAULT_DIR}
     * @param train the training split when true, else the test split
     * @throws DatasetNotFoundException if a file is missing; the message says how to install it
     */
    public static Dataset fashionMnist(Path dir, boolean train) {
        if (dir == null) {
            throw new IllegalArgumentException("dir is null");
        }
        String prefix = train ? "train" : "t10k";
        Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        for (Path p : List.of(images, labels)) {
            if (!Files.isRegularFile(p)) {
                throw new DatasetNotFoundException(
                        p,
                        "Fashion-MNIST file not found: "
                                + p.toAbsolutePath()
                                + ". Install with `sudo apt-get install dataset-fashion-mnist`"
                                + " (Debian/Ubuntu; files go to "
                                + FASHION_MNIST_DEFAULT_DIR
                                + ") or pass the folder with the files"
                                + " {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz.");
            }
        }
        float[] table = new float[256];
        for (int p = 0; p < 256; p++) {
            table[p] = p / 255f;
        }
        return readIdx(images, labels, table, "fashion-mnist-" + (train ? "train" : "test"));
    }

    /**
     * Reads an IDX image file (magic {@code 0x00000803}, unsigned bytes) and its IDX label file
     * (magic {@code 0x00000801}), plain or gzip-compressed. Each image becomes one row of {@code
     * rows x cols} features {@code pixel * scale}; labels become their decimal strings. The dataset
     * is named after the image file, ids are {@code "<name>-<row>"}.
     *
     * @throws DatasetNotFoundException if a file is missing
     * @throws IllegalArgumentException on a wrong magic number, truncated data, differing image and
     *     label counts, or a scale that is not finite and positive
     */
    public static Dataset idx(Path images, Path labels, float scale) {
        if (!Float.isFinite(scale) || scale <= 0f) {
            throw new IllegalArgumentException("scale must be finite and > 0, got " + scale);
        }
        float[] table = new float[256];
        for (int p = 0; p < 256; p++) {
            table[p] = p * scale;
        }
        return readIdx(images, labels, table, baseName(images));
    }

    private static Dataset readIdx(Path images, Path labels, float[] table, String name) {
        if (images == null || labels == null) {
            throw new IllegalArgumentException("images and labels paths must not be null");
        }
        String[] labelValues = readIdxLabels(labels);
        try (DataInputStream in = new DataInputStream(open(images, "IDX images"))) {
            int magic = readIdxHeader(in, images, "magic number");
            if (magic != IDX_IMAGES_MAGIC) {
                throw new IllegalArgumentException(
                        images
                                + ": magic number "
                                + String.format("0x%08X", magic)
                                + " is not that of an IDX image file (expected "
                                + String.format("0x%08X", IDX_IMAGES_MAGIC)
                                + (magic == IDX_LABELS_MAGIC ? ", this is a label file)" : ")"));
            }
            int count = readIdxHeader(in, images, "image count");
            int rows = readIdxHeader(in, images, "row count");
            int cols = readIdxHeader(in, images, "column count");
            if (count < 0 || rows < 1 || cols < 1 || (long) rows * cols > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(
                        images + ": invalid header, " + count + " images of " + rows + "x" + cols);
            }
            if (count != labelValues.length) {
                throw new IllegalArgumentException(
                        "image and label counts differ: "
                                + images
                                + " has "
                                + count
                                + " images, "
                                + labels
                                + " has "
                                + labelValues.length
                                + " labels");
            }
            int dimension = rows * cols;
            byte[] pixels = new byte[dimension];
            List<LabelledVector> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                try {
                    in.readFully(pixels);
                } catch (EOFException e) {
                    throw new IllegalArgumentException(
                            images
                                    + " is truncated: header announces "
                                    + count
                                    + " images of "
                                    + rows
                                    + "x"
                                    + cols
                                    + ", data ends in image "
                                    + i,
                            e);
                }
                float[] x = new float[dimension];
                for (int j = 0; j < dimension; j++) {
                    x[j] = table[pixels[j] & 0xFF];
                }
                out.add(new LabelledVector(name + "-" + i, x, labelValues[i]));
            }
            return new Dataset(name, dimension, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + images, e);
        }
    }

    private static String[] readIdxLabels(Path labels) {
        try (DataInputStream in = new DataInputStream(open(labels, "IDX labels"))) {
            int magic = readIdxHeader(in, labels, "magic number");
            if (magic != IDX_LABELS_MAGIC) {
                throw new IllegalArgumentException(
                        labels
                                + ": magic number "
                                + String.format("0x%08X", magic)
                                + " is not that of an IDX label file (expected "
                                + String.format("0x%08X", IDX_LABELS_MAGIC)
                                + (magic == IDX_IMAGES_MAGIC ? ", this is an image file)" : ")"));
            }
            int count = readIdxHeader(in, labels, "label count");
            if (count < 0) {
                throw new IllegalArgumentException(labels + ": invalid label count " + count);
            }
            byte[] raw = new byte[count];
            try {
                in.readFully(raw);
            } catch (EOFException e) {
                throw new IllegalArgumentException(
                        labels + " is truncated: header announces " + count + " labels", e);
            }
            String[] values = new String[count];
            for (int i = 0; i < count; i++) {
                values[i] = Integer.toString(raw[i] & 0xFF);
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + labels, e);
        }
    }

    private static int readIdxHeader(DataInputStream in, Path file, String field)
            throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IllegalArgumentException(
                    file + " is truncated: file ends before the " + field + " of its header", e);
        }
    }

    /**
     * Reads a comma-separated file with a header row. The column named {@code labelColumn} is the
     * label; a column named {@code id}, if present (and not the label), gives row ids; every other
     * column is a numeric feature, in header order. Without an id column, ids are {@code
     * "<name>-<row>"} with the row counted from 0. Fields are trimmed; quoting is not supported;
     * blank lines are skipped. The dataset is named after the file.
     *
     * @throws DatasetNotFoundException if the file is missing
     * @throws IllegalArgumentException naming file, line, column and value, e.g. {@code "iris.csv
     *     line 17, column 'petal_width': 'abc' is not a number"}, for a missing label column, a
     *     non-numeric feature, an empty label or id, a duplicate id, or a row whose number of
     *     columns differs from the header's
     */
    public static Dataset csv(Path file, String labelColumn) {
        if (file == null) {
            throw new IllegalArgumentException("file is null");
        }
        if (labelColumn == null || labelColumn.isBlank()) {
            throw new IllegalArgumentException("labelColumn is blank: '" + labelColumn + "'");
        }
        String fileName = String.valueOf(file.getFileName());
        String name = baseName(file);
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(open(file, "CSV"), StandardCharsets.UTF_8))) {
            String headerLine = in.readLine();
            int lineNo = 1;
            while (headerLine != null && headerLine.isBlank()) {
                headerLine = in.readLine();
                lineNo++;
            }
            if (headerLine == null) {
                throw new IllegalArgumentException(
                        fileName + " is empty: a header row is required");
            }
            if (headerLine.startsWith("\uFEFF")) {
                headerLine = headerLine.substring(1);
            }
            String[] header = splitCsv(headerLine);
            Set<String> seenColumns = new LinkedHashSet<>();
            for (int c = 0; c < header.length; c++) {
                if (header[c].isEmpty()) {
                    throw new IllegalArgumentException(
                            fileName
                                    + " line "
                                    + lineNo
                                    + ": header column "
                                    + (c + 1)
                                    + " is empty");
                }
                if (!seenColumns.add(header[c])) {
                    throw new IllegalArgumentException(
                            fileName
                                    + " line "
                                    + lineNo
                                    + ": duplicate header column '"
                                    + header[c]
                                    + "'");
                }
            }
            int labelIndex = List.of(header).indexOf(labelColumn);
            if (labelIndex < 0) {
                throw new IllegalArgumentException(
                        fileName
                                + " has no column '"
                                + labelColumn
                                + "'; header columns: "
                                + List.of(header));
            }
            int idIndex = "id".equals(labelColumn) ? -1 : List.of(header).indexOf("id");
            int[] featureColumns = new int[header.length - 1 - (idIndex >= 0 ? 1 : 0)];
            int f = 0;
            for (int c = 0; c < header.length; c++) {
                if (c != labelIndex && c != idIndex) {
                    featureColumns[f++] = c;
                }
            }
            if (featureColumns.length == 0) {
                throw new IllegalArgumentException(
                        fileName + " has no feature columns; header columns: " + List.of(header));
            }

            List<LabelledVector> rows = new ArrayList<>();
            Map<String, Integer> idLines = new HashMap<>();
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = splitCsv(line);
                if (cells.length != header.length) {
                    throw new IllegalArgumentException(
                            fileName
                                    + " line "
                                    + lineNo
                                    + " has "
                                    + cells.length
                                    + " columns, the header has "
                                    + header.length);
                }
                String label = cells[labelIndex];
                if (label.isEmpty()) {
                    throw new IllegalArgumentException(
                            fileName
                                    + " line "
                                    + lineNo
                                    + ": label column '"
                                    + labelColumn
                                    + "' is empty");
                }
                float[] x = new float[featureColumns.length];
                for (int j = 0; j < featureColumns.length; j++) {
                    int c = featureColumns[j];
                    x[j] = parseFeature(cells[c], fileName, lineNo, header[c]);
                }
                String id;
                if (idIndex >= 0) {
                    id = cells[idIndex];
                    if (id.isEmpty()) {
                        throw new IllegalArgumentException(
                                fileName + " line " + lineNo + ": column 'id' is empty");
                    }
                    Integer first = idLines.putIfAbsent(id, lineNo);
                    if (first != null) {
                        throw new IllegalArgumentException(
                                fileName
                                        + " line "
                                        + lineNo
                                        + ": duplicate id '"
                                        + id
                                        + "' (first on line "
                                        + first
                                        + ")");
                    }
                } else {
                    id = name + "-" + rows.size();
                }
                rows.add(new LabelledVector(id, x, label));
            }
            if (rows.isEmpty()) {
                throw new IllegalArgumentException(fileName + " has a header but no data rows");
            }
            return new Dataset(name, featureColumns.length, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static float parseFeature(String cell, String fileName, int lineNo, String column) {
        String where = fileName + " line " + lineNo + ", column '" + column + "': '" + cell + "'";
        if (!NUMBER.matcher(cell).matches()) {
            throw new IllegalArgumentException(where + " is not a number");
        }
        float v = Float.parseFloat(cell);
        if (Float.isInfinite(v)) {
            throw new IllegalArgumentException(where + " is out of float range");
        }
        return v;
    }

    private static String[] splitCsv(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].trim();
        }
        return cells;
    }

    /** Opens a file, transparently decompressing gzip (detected by its magic bytes). */
    private static InputStream open(Path file, String kind) throws IOException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DatasetNotFoundException(
                    file, kind + " file not found: " + file.toAbsolutePath());
        }
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        try {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            return b0 == 0x1f && b1 == 0x8b
                    ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16)
                    : in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** File name without a trailing {@code .gz}, then without {@code .csv}: {@code iris}. */
    private static String baseName(Path file) {
        String n = String.valueOf(file.getFileName());
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        int dot = n.lastIndexOf('.');
        if (dot > 0 && n.endsWith(".csv")) {
            n = n.substring(0, dot);
        }
        return n;
    }
}
