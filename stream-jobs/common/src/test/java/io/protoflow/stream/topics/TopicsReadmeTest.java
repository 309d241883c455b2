package io.protoflow.stream.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The topic table in schemas/README.md and the {@link Topics} registry describe the same topics:
 * same names, keys, value schemas and cleanup policies, no more and no fewer, in the same order.
 */
class TopicsReadmeTest {

    /** Surefire runs in the module base directory, stream-jobs/common. */
    private static final Path README = Path.of("../../schemas/README.md");

    private static final String HEADER =
            "| topic | key | value schema | cleanup policy | producer | consumers |";

    /** The columns of one row that the registry also knows. */
    record Row(String topic, String key, String valueSchema, String cleanupPolicy) {}

    @Test
    void readmeTopicTableEqualsTheRegistry() throws IOException {
        List<Row> readme = readmeRows();
        List<Row> registry =
                Topics.all().stream()
                        .map(
                                t ->
                                        new Row(
                                                t.name(),
                                                t.keyDescription(),
                                                t.valueType().getSimpleName(),
                                                t.cleanupPolicy().configValue()))
                        .toList();

        assertThat(readme)
                .as("rows of the topic table in %s", README.toAbsolutePath().normalize())
                .containsExactlyElementsOf(registry);
    }

    private static List<Row> readmeRows() throws IOException {
        assertThat(README).as("schemas/README.md next to this module").exists();
        List<String> lines = Files.readAllLines(README);
        int header = lines.stream().map(String::strip).toList().indexOf(HEADER);
        assertThat(header).as("README line %s", HEADER).isNotNegative();
        assertThat(lines.get(header + 1).strip())
                .as("separator row")
                .startsWith("|---")
                .doesNotContainPattern("[a-z]");

        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.strip().startsWith("|")) {
                break;
            }
            String[] cells =
                    Arrays.stream(line.strip().split("\\|", -1))
                            .map(c -> c.strip().replace("`", ""))
                            .toArray(String[]::new);
            // "| a | b |" splits into "", "a", "b", "".
            assertThat(cells).as("cells of %s", line).hasSize(8);
            String policy = cells[4].split("[\\s,(]", 2)[0];
            rows.add(new Row(cells[1], cells[2], cells[3], policy));
        }
        return rows;
    }
}
