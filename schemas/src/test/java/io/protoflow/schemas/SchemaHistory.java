package io.protoflow.schemas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;

/**
 * The released schema versions kept in {@code io/protoflow/schemas/history/} and the top-level
 * records of {@code src/main/avro/}, as the tests and the golden writer see them.
 */
final class SchemaHistory {

    /** Classpath folder of the history, inside the schemas jar. */
    static final String RESOURCE_DIR = "io/protoflow/schemas/history/";

    /** Classpath name of the index listing every history file. */
    static final String INDEX = RESOURCE_DIR + "index.txt";

    /** Source folder of the history (surefire runs in the module base directory). */
    static final Path SOURCE_DIR = Path.of("src/main/resources", RESOURCE_DIR);

    /** Source folder of the golden records. */
    static final Path GOLDEN_DIR = Path.of("src/test/resources/golden");

    /** Source folder of the top-level .avsc files (one topic value record each). */
    static final Path AVRO_DIR = Path.of("src/main/avro");

    private static final Pattern LINE =
            Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)/v([1-9][0-9]*)\\.avsc");

    private SchemaHistory() {}

    /** One released version of a record schema. */
    record Entry(String record, int version, Schema schema) {
        String resource() {
            return RESOURCE_DIR + record + "/v" + version + ".avsc";
        }

        String golden() {
            return goldenName(record, version);
        }

        long fingerprint() {
            return SchemaNormalization.parsingFingerprint64(schema);
        }
    }

    static String goldenName(String record, int version) {
        return record + ".v" + version + ".bin";
    }

    static String indexLine(String record, int version) {
        return record + "/v" + version + ".avsc";
    }

    /** Every entry listed in the classpath index, in index order, each parsed on its own. */
    static List<Entry> load() {
        List<Entry> entries = new ArrayList<>();
        for (String line : readLines(INDEX)) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalStateException(
                        INDEX + ": line '" + line + "' is not <RecordName>/v<N>.avsc");
            }
            String resource = RESOURCE_DIR + line;
            Schema schema;
            try (InputStream in = open(resource)) {
                schema = new Schema.Parser().parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
            entries.add(new Entry(m.group(1), Integer.parseInt(m.group(2)), schema));
        }
        return entries;
    }

    /** The entries of one record, oldest first. */
    static List<Entry> of(String record) {
        return load().stream()
                .filter(e -> e.record().equals(record))
                .sorted(Comparator.comparingInt(Entry::version))
                .toList();
    }

    /** Names of the top-level records: one per {@code src/main/avro/*.avsc} (not common/). */
    static List<String> topLevelRecords() {
        try (Stream<Path> files = Files.list(AVRO_DIR)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".avsc"))
                    .map(p -> p.getFileName().toString().replace(".avsc", ""))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + AVRO_DIR.toAbsolutePath(), e);
        }
    }

    /** The generated class of a top-level record. */
    static Class<?> recordClass(String record) {
        try {
            return Class.forName("io.protoflow.schemas." + record);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no generated class for " + record, e);
        }
    }

    /** The schema the current build generated for a record. */
    static Schema currentSchema(String record) {
        return SpecificData.get().getSchema(recordClass(record));
    }

    static List<String> readLines(String resource) {
        try (InputStream in = open(resource);
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static InputStream open(String resource) {
        InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing classpath resource " + resource);
        }
        return in;
    }
}
