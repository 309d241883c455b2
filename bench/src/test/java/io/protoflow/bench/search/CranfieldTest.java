package io.protoflow.bench.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CranfieldTest {

    private static final Cranfield BUNDLED = Cranfield.loadBundled();

    @Test
    void bundledCopyLoadsDocumentsQueriesByPositionAndGradedJudgements() {
        Cranfield c = BUNDLED;
        assertThat(c.documents()).hasSize(1400);
        assertThat(c.documents().get(0).id()).isEqualTo("1");
        assertThat(c.documents().get(0).title())
                .isEqualTo(
                        "experimental investigation of the aerodynamics of a wing in a slipstream .");
        assertThat(c.queries()).hasSize(225);
        // the third query has <num> 4: judgements use the position
        assertThat(c.queries().get(2).id()).isEqualTo("3");
        assertThat(c.queries().get(0).text())
                .startsWith(
                        "what similarity laws must be obeyed when constructing aeroelastic models");
        assertThat(c.judgements()).hasSize(225);
        assertThat(c.judgements().get("1")).containsEntry("184", 1);
    }

    @Test
    void bundledJudgementsAreAllQrelLinesByGrade() {
        // cranqrel.trec.txt has 1,837 lines: 1,611 of grade 1, 225 of grade 0 (one per query)
        // and one of grade 3; no (query, document) pair repeats.
        Map<Integer, Integer> byGrade = new TreeMap<>();
        BUNDLED.judgements()
                .values()
                .forEach(m -> m.values().forEach(g -> byGrade.merge(g, 1, Integer::sum)));
        assertThat(byGrade).containsExactly(Map.entry(0, 225), Map.entry(1, 1611), Map.entry(3, 1));
        assertThat(byGrade.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1837);
    }

    @Test
    void bundledCopyEqualsTheSharedCollection() {
        assumeTrue(Files.isDirectory(Cranfield.DEFAULT_DIR), "no shared Cranfield copy here");
        assertThat(Cranfield.load(Cranfield.DEFAULT_DIR)).isEqualTo(BUNDLED);
    }

    @Test
    void directoryOfGzipFilesLoadsLikeThePlainOne(@TempDir Path dir) throws IOException {
        for (String f : new String[] {"cran.all.1400.xml", "cran.qry.xml", "cranqrel.trec.txt"}) {
            try (InputStream in =
                            Cranfield.class.getResourceAsStream(Cranfield.BUNDLED + f + ".gz");
                    OutputStream out = Files.newOutputStream(dir.resolve(f + ".gz"))) {
                in.transferTo(out);
            }
        }
        assertThat(Cranfield.load(dir)).isEqualTo(BUNDLED);
    }
}
