package io.protoflow.stream.avro;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;

/**
 * The released versions of a record schema, read from the schema history the schemas jar carries
 * ({@code io/protoflow/schemas/history/index.txt} lists {@code <RecordName>/v<N>.avsc} files).
 */
final class ReleasedSchemas {

    static final String HISTORY_DIR = "io/protoflow/schemas/history/";
    static final String INDEX = HISTORY_DIR + "index.txt";

    private ReleasedSchemas() {}

    /** A schema the codec can read, with where it came from ("current", "history v1", ...). */
    record Known(String label, long fingerprint, Schema schema) {
        static Known of(String label, Schema schema) {
            return new Known(label, SchemaNormalization.parsingFingerprint64(schema), schema);
        }
    }

    /**
     * The history versions of {@code current}'s record found through {@code loader}, oldest first;
     * empty when the classpath has no history. Entries of another record with the same simple name
     * (a different namespace) are skipped.
     *
     * @throws IllegalStateException when a listed history file is missing or does not parse: the
     *     schemas jar is broken, which no record can fix
     */
    static List<Known> history(Schema current, ClassLoader loader) {
        List<Known> versions = new ArrayList<>();
        String prefix = current.getName() + "/";
        for (String line : indexLines(loader)) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            String resource = HISTORY_DIR + line;
            Schema schema;
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(
                            INDEX + " lists " + line + " but " + resource + " is missing");
                }
                schema = new Schema.Parser().parse(in);
            } catch (IOException | SchemaParseException e) {
                throw new IllegalStateException("cannot read schema history " + resource, e);
            }
            if (schema.getFullName().equals(current.getFullName())) {
                String version = line.substring(prefix.length()).replace(".avsc", "");
                versions.add(Known.of("history " + version, schema));
            }
        }
        return versions;
    }

    private static List<String> indexLines(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(INDEX)) {
            if (in == null) {
                return List.of();
            }
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return reader.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + INDEX, e);
        }
    }
}
