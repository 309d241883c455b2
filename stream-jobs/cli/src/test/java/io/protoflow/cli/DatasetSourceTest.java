package io.protoflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.core.data.ClassIncremental;
import io.protoflow.core.data.Dataset;
import io.protoflow.core.data.DatasetNotFoundException;
import io.protoflow.core.data.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSourceTest {

    @TempDir Path dir;

    @Test
    void digitsIsTheBundledDataset() {
        Dataset digits = DatasetSource.load("digits", "label", dir);
        assertThat(digits.rows()).hasSize(1797);
        assertThat(digits.dimension()).isEqualTo(64);
    }

    @Test
    void csvDatasetReadsTheNamedLabelColumn() throws Exception {
        Path csv = dir.resolve("flowers.csv");
        Files.writeString(csv, "petal,sepal,kind\n1.0,2.0,rose\n3.5,4.5,tulip\n");
        Dataset data = DatasetSource.load("csv:" + csv, "kind", dir);
        assertThat(data.dimension()).isEqualTo(2);
        assertThat(data.labels()).containsExactly("rose", "tulip");
    }

    @Test
    void badCsvRowFailsWithFileLineColumnAndValue() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,b,label\n1,2,x\n1,oops,y\n");
        assertThatThrownBy(() -> DatasetSource.load("csv:" + csv, "label", dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.csv")
                .hasMessageContaining("line 3")
                .hasMessageContaining("'oops'");
    }

    @Test
    void missingFilesAndUnknownKindsAreExplained() {
        assertThatThrownBy(() -> DatasetSource.load("csv:" + dir.resolve("none.csv"), "label", dir))
                .hasMessageContaining("file not found");
        assertThatThrownBy(() -> DatasetSource.load("fashion-mnist", "label", dir.resolve("empty")))
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
        assertThatThrownBy(() -> DatasetSource.jsonlFile("jsonl:" + dir.resolve("none.jsonl")))
                .hasMessageContaining("--dataset jsonl: file not found")
                .hasMessageContaining("none.jsonl");
        assertThatThrownBy(() -> DatasetSource.load("mnist", "label", dir))
                .hasMessage(
                        "--dataset must be digits, fashion-mnist, csv:PATH or jsonl:PATH, got"
                                + " 'mnist'");
    }

    @Test
    void limitKeepsTheSameFractionOfEveryStage() {
        List<Stage> stages =
                ClassIncremental.stages(DatasetSource.load("digits", "label", dir), 2, null, 42);
        List<Stage> limited = LocalCommand.limit(stages, 180);
        assertThat(limited).hasSize(5);
        assertThat(limited).allSatisfy(s -> assertThat(s.rows().size()).isBetween(34, 38));
        assertThat(limited.get(2).classes()).isEqualTo(stages.get(2).classes());
        assertThat(LocalCommand.limit(stages, 0)).isSameAs(stages);
    }
}
