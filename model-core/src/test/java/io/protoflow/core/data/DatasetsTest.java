package io.protoflow.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir Path dir;

    // ------------------------------------------------------------------ digits

    @Test
    void digitsHas1797RowsOf64FeaturesAndTenLabels() {
        Dataset digits = Datasets.digits();
        assertThat(digits.name()).isEqualTo("digits");
        assertThat(digits.size()).isEqualTo(1797);
        assertThat(digits.dimension()).isEqualTo(64);
        assertThat(digits.labels())
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        LabelledVector first = digits.rows().get(0);
        assertThat(first.id()).isEqualTo("digits-0");
        assertThat(first.label()).isEqualTo("0");
        assertThat(first.features()).startsWith(0f, 0f, 5f, 13f, 9f, 1f, 0f, 0f);
        assertThat(digits.rows().get(1796).id()).isEqualTo("digits-1796");
        for (LabelledVector row : digits.rows()) {
            for (float v : row.features()) {
                assertThat(v).isBetween(0f, 16f);
            }
        }
        Map<String, Integer> perClass = new HashMap<>();
        digits.rows().forEach(r -> perClass.merge(r.label(), 1, Integer::sum));
        assertThat(perClass.values()).allSatisfy(n -> assertThat(n).isBetween(174, 183));
        assertThat(Datasets.digits()).isSameAs(digits);
    }

    // ------------------------------------------------------------------ CSV

    @Test
    void csvReadsHeaderLabelColumnAndIdColumn() throws IOException {
        Path file =
                write(
                        "iris.csv",
                        "\uFEFFid, sepal_length,species,petal_width\n"
                                + "a1,5.1,setosa,0.2\n"
                                + "\n"
                                + "a2, -4.9e0 ,versicolor,+.5\n");
        Dataset ds = Datasets.csv(file, "species");
        assertThat(ds.name()).isEqualTo("iris");
        assertThat(ds.dimension()).isEqualTo(2);
        assertThat(ds.rows())
                .containsExactly(
                        new LabelledVector("a1", new float[] {5.1f, 0.2f}, "setosa"),
                        new LabelledVector("a2", new float[] {-4.9f, 0.5f}, "versicolor"));
        assertThat(ds.labels()).containsExactly("setosa", "versicolor");
    }

    @Test
    void csvWithoutIdColumnNumbersRowsAndReadsGzip() throws IOException {
        Path file = dir.resolve("points.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("x,y,label\n1,2,10\n3,4,2\n".getBytes(StandardCharsets.UTF_8));
        }
        Dataset ds = Datasets.csv(file, "label");
        assertThat(ds.name()).isEqualTo("points");
        assertThat(ds.rows())
                .extracting(LabelledVector::id)
                .containsExactly("points-0", "points-1");
        assertThat(ds.rows().get(1).features()).containsExactly(3f, 4f);
        assertThat(ds.labels()).containsExactly("2", "10");
    }

    @Test
    void csvNonNumberNamesFileLineColumnAndValue() throws IOException {
        StringBuilder csv = new StringBuilder("sepal_length,petal_width,species\n");
        for (int line = 2; line < 17; line++) {
            csv.append("1.0,0.5,setosa\n");
        }
        csv.append("1.0,abc,setosa\n");
        Path file = write("iris.csv", csv.toString());
        assertThatThrownBy(() -> Datasets.csv(file, "species"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("iris.csv line 17, column 'petal_width': 'abc' is not a number");
    }

    @Test
    void csvRejectsNonFiniteAndSuffixedNumbers() throws IOException {
        for (String bad : List.of("NaN", "Infinity", "1f", "0x1p3", "", "1e99")) {
            Path file = write("n.csv", "x,label\n" + bad + ",a\n");
            assertThatThrownBy(() -> Datasets.csv(file, "label"))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("n.csv line 2, column 'x': '" + bad + "' is ");
        }
    }

    @Test
    void csvMissingLabelColumnListsHeaderColumns() throws IOException {
        Path file = write("iris.csv", "a,b,class\n1,2,x\n");
        assertThatThrownBy(() -> Datasets.csv(file, "species"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("iris.csv has no column 'species'; header columns: [a, b, class]");
    }

    @Test
    void csvEmptyLabelNamesTheLine() throws IOException {
        Path file = write("iris.csv", "a,species\n1,x\n2, \n");
        assertThatThrownBy(() -> Datasets.csv(file, "species"))
                .hasMessage("iris.csv line 3: label column 'species' is empty");
    }

    @Test
    void csvRowWithDifferentColumnCountFails() throws IOException {
        Path file = write("iris.csv", "a,b,species\n1,2,x\n1,2,3,x\n");
        assertThatThrownBy(() -> Datasets.csv(file, "species"))
                .hasMessage("iris.csv line 3 has 4 columns, the header has 3");
    }

    @Test
    void csvRejectsDuplicateIdsAndHeaderProblems() throws IOException {
        Path dup = write("d.csv", "id,x,label\nr,1,a\nr,2,b\n");
        assertThatThrownBy(() -> Datasets.csv(dup, "label"))
                .hasMessage("d.csv line 3: duplicate id 'r' (first on line 2)");
        Path dupColumn = write("c.csv", "x,x,label\n1,2,a\n");
        assertThatThrownBy(() -> Datasets.csv(dupColumn, "label"))
                .hasMessage("c.csv line 1: duplicate header column 'x'");
        Path empty = write("e.csv", "");
        assertThatThrownBy(() -> Datasets.csv(empty, "label"))
                .hasMessage("e.csv is empty: a header row is required");
        Path headerOnly = write("h.csv", "x,label\n");
        assertThatThrownBy(() -> Datasets.csv(headerOnly, "label"))
                .hasMessage("h.csv has a header but no data rows");
        Path noFeatures = write("f.csv", "id,label\n1,a\n");
        assertThatThrownBy(() -> Datasets.csv(noFeatures, "label"))
                .hasMessage("f.csv has no feature columns; header columns: [id, label]");
    }

    @Test
    void csvMissingFileIsDatasetNotFound() {
        Path missing = dir.resolve("nope.csv");
        assertThatThrownBy(() -> Datasets.csv(missing, "label"))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(missing.toString())
                .extracting(e -> ((DatasetNotFoundException) e).missing())
                .isEqualTo(missing);
    }

    // ------------------------------------------------------------------ IDX

    @Test
    void idxReadsImagesAndLabelsPlainAndGzip() throws IOException {
        byte[][] images = {{0, 1, 2, (byte) 255}, {10, 20, 30, 40}, {(byte) 128, 0, 0, 0}};
        byte[] labels = {7, 0, (byte) 200};
        for (boolean gzip : new boolean[] {false, true}) {
            Path img = writeIdxImages("tiny-images" + (gzip ? ".gz" : ""), 3, 2, 2, images, gzip);
            Path lab = writeIdxLabels("tiny-labels" + (gzip ? ".gz" : ""), 3, labels, gzip);
            Dataset ds = Datasets.idx(img, lab, 0.5f);
            assertThat(ds.name()).isEqualTo("tiny-images");
            assertThat(ds.dimension()).isEqualTo(4);
            assertThat(ds.rows())
                    .containsExactly(
                            new LabelledVector(
                                    "tiny-images-0", new float[] {0, 0.5f, 1, 127.5f}, "7"),
                            new LabelledVector("tiny-images-1", new float[] {5, 10, 15, 20}, "0"),
                            new LabelledVector("tiny-images-2", new float[] {64, 0, 0, 0}, "200"));
        }
    }

    @Test
    void idxRejectsWrongMagicCountMismatchAndTruncation() throws IOException {
        byte[][] images = {{1, 2, 3, 4}, {5, 6, 7, 8}};
        Path img = writeIdxImages("img", 2, 2, 2, images, false);
        Path lab = writeIdxLabels("lab", 2, new byte[] {1, 2}, false);
        assertThatThrownBy(() -> Datasets.idx(lab, img, 1f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        img
                                + ": magic number 0x00000803 is not that of an IDX label file"
                                + " (expected 0x00000801, this is an image file)");

        Path threeLabels = writeIdxLabels("lab3", 3, new byte[] {1, 2, 3}, false);
        assertThatThrownBy(() -> Datasets.idx(img, threeLabels, 1f))
                .hasMessage(
                        "image and label counts differ: "
                                + img
                                + " has 2 images, "
                                + threeLabels
                                + " has 3 labels");

        Path truncated = writeIdxImages("trunc", 2, 2, 2, new byte[][] {{1, 2, 3, 4}, {5}}, false);
        assertThatThrownBy(() -> Datasets.idx(truncated, lab, 1f))
                .hasMessage(
                        truncated
                                + " is truncated: header announces 2 images of 2x2, data ends in"
                                + " image 1");
        assertThatThrownBy(() -> Datasets.idx(img, lab, 0f))
                .hasMessage("scale must be finite and > 0, got 0.0");
    }

    // ------------------------------------------------------------------ Fashion-MNIST

    @Test
    void fashionMnistMissingFilesSayHowToInstall() {
        assertThatThrownBy(() -> Datasets.fashionMnist(dir, true))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(dir.resolve("train-images-idx3-ubyte.gz").toString())
                .hasMessageContaining("sudo apt-get install dataset-fashion-mnist")
                .hasMessageContaining("or pass the folder with the files");
    }

    @Test
    void fashionMnistTestSplitLoadsWhenInstalled() {
        assumeThat(Files.isDirectory(Datasets.FASHION_MNIST_DEFAULT_DIR))
                .as("dataset-fashion-mnist installed")
                .isTrue();
        Dataset test = Datasets.fashionMnist(Datasets.FASHION_MNIST_DEFAULT_DIR, false);
        assertThat(test.name()).isEqualTo("fashion-mnist-test");
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.dimension()).isEqualTo(784);
        assertThat(test.labels()).hasSize(10).startsWith("0", "1").endsWith("9");
        assertThat(test.rows().get(0).id()).isEqualTo("fashion-mnist-test-0");
        float max = 0f;
        for (LabelledVector row : test.rows().subList(0, 100)) {
            for (float v : row.features()) {
                assertThat(v).isBetween(0f, 1f);
                max = Math.max(max, v);
            }
        }
        assertThat(max).isEqualTo(1f);
    }

    // ------------------------------------------------------------------ helpers

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Path writeIdxImages(
            String name, int count, int rows, int cols, byte[][] images, boolean gzip)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (byte[] image : images) {
            out.write(image);
        }
        return writeBytes(name, bytes.toByteArray(), gzip);
    }

    private Path writeIdxLabels(String name, int count, byte[] labels, boolean gzip)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(count);
        out.write(labels);
        return writeBytes(name, bytes.toByteArray(), gzip);
    }

    private Path writeBytes(String name, byte[] content, boolean gzip) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out =
                gzip
                        ? new GZIPOutputStream(Files.newOutputStream(file))
                        : Files.newOutputStream(file)) {
            out.write(content);
        }
        return file;
    }
}
