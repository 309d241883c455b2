package io.protoflow.bench.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class CranfieldTest {

    @Test
    void loadsDocumentsQueriesByPositionAndGradedJudgements() {
        assumeTrue(Files.isDirectory(Cranfield.DEFAULT_DIR), "no Cranfield copy on this machine");
        Cranfield c = Cranfield.load(Cranfield.DEFAULT_DIR);
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
        assertThat(c.judgements().get("1")).containsEntry("184", 1);
        long graded =
                c.judgements().values().stream()
                        .mapToLong(m -> m.values().stream().filter(g -> g > 0).count())
                        .sum();
        assertThat(graded).isEqualTo(1612);
    }
}
