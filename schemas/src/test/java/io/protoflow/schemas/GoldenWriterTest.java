package io.protoflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes missing schema history versions and golden records into the source tree. Runs only on
 * demand:
 *
 * <pre>
 * mvn -pl schemas test -Dtest=GoldenWriterTest -Dprotoflow.golden.write=true
 * </pre>
 *
 * For every top-level record whose current schema is not yet in the history it adds {@code
 * history/<Record>/v<N+1>.avsc} and its index line; for every history version without a golden it
 * writes {@code golden/<Record>.v<N>.bin}, a {@link GoldenSamples} record encoded with that
 * version's schema. Existing files are never overwritten, and a schema that cannot read every
 * released version is not released. Review and commit what it prints.
 */
@EnabledIfSystemProperty(named = "protoflow.golden.write", matches = "true")
class GoldenWriterTest {

    private static final Pattern FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");

    @Test
    void writeMissingHistoryAndGoldens() throws IOException {
        Files.createDirectories(SchemaHistory.SOURCE_DIR);
        Files.createDirectories(SchemaHistory.GOLDEN_DIR);

        // First decide, then write: nothing is written when any record cannot be released.
        List<String> unreleased = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String record : SchemaHistory.topLevelRecords()) {
            Schema current = SchemaHistory.currentSchema(record);
            List<SchemaHistory.Entry> versions = sourceVersions(record);
            if (versions.stream().noneMatch(e -> isSame(e.schema(), current))) {
                unreleased.add(record);
                // Never release a version that cannot read the ones before it.
                for (SchemaHistory.Entry older : versions) {
                    SchemaEvolutionTest.compatibilityProblem(current, older)
                            .ifPresent(problem -> problems.add("not released: " + problem));
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }

        for (String record : unreleased) {
            List<SchemaHistory.Entry> versions = sourceVersions(record);
            int next = versions.isEmpty() ? 1 : versions.getLast().version() + 1;
            Path file = SchemaHistory.SOURCE_DIR.resolve(record).resolve("v" + next + ".avsc");
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file,
                    SchemaFormatter.getInstance("json/pretty")
                                    .format(SchemaHistory.currentSchema(record))
                            + "\n",
                    StandardCharsets.UTF_8);
            System.out.println("wrote " + file);
        }
        writeIndex();

        for (String record : SchemaHistory.topLevelRecords()) {
            for (SchemaHistory.Entry entry : sourceVersions(record)) {
                Path golden = SchemaHistory.GOLDEN_DIR.resolve(entry.golden());
                if (Files.exists(golden)) {
                    continue;
                }
                GenericRecord sample = GoldenSamples.sample(entry.schema());
                assertThat(GoldenSamples.unsetFields(sample)).isEmpty();
                ByteBuffer encoded =
                        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), entry.schema())
                                .encode(sample);
                byte[] bytes = new byte[encoded.remaining()];
                encoded.get(bytes);
                Files.write(golden, bytes);
                System.out.println("wrote " + golden + " (" + bytes.length + " bytes)");
            }
        }
    }

    /** Same wire schema, defaults and logical types (docs may differ). */
    private static boolean isSame(Schema released, Schema current) {
        return released.equals(current)
                && SchemaNormalization.parsingFingerprint64(released)
                        == SchemaNormalization.parsingFingerprint64(current);
    }

    /** The versions of a record present in the source tree, oldest first. */
    private static List<SchemaHistory.Entry> sourceVersions(String record) throws IOException {
        Path dir = SchemaHistory.SOURCE_DIR.resolve(record);
        List<SchemaHistory.Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Matcher m = FILE.matcher(file.getFileName().toString());
                if (m.matches()) {
                    Schema schema = new Schema.Parser().parse(file.toFile());
                    entries.add(
                            new SchemaHistory.Entry(record, Integer.parseInt(m.group(1)), schema));
                }
            }
        }
        entries.sort(Comparator.comparingInt(SchemaHistory.Entry::version));
        return entries;
    }

    /** Rewrites index.txt from the history files present, sorted by record and version. */
    private static void writeIndex() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(
                "# Released schema versions of the topic value records, one <RecordName>/v<N>.avsc");
        lines.add(
                "# per line. Append-only: never edit or delete a released version (schemas/README.md).");
        try (var dirs = Files.list(SchemaHistory.SOURCE_DIR)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                String record = dir.getFileName().toString();
                for (SchemaHistory.Entry e : sourceVersions(record)) {
                    lines.add(SchemaHistory.indexLine(record, e.version()));
                }
            }
        }
        Path index = SchemaHistory.SOURCE_DIR.resolve("index.txt");
        String text = String.join("\n", lines) + "\n";
        if (!Files.exists(index) || !Files.readString(index).equals(text)) {
            Files.writeString(index, text, StandardCharsets.UTF_8);
            System.out.println("wrote " + index);
        }
    }
}
