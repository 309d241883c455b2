package io.protoflow.bench.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The Cranfield collection in its TREC layout: 1,400 aeronautics abstracts, 225 queries and graded
 * relevance judgements. Query ids in the judgements are positions (1..225) in the query file, not
 * its {@code <num>} values, so queries are numbered by position here. A gzip copy of the three
 * files ships with this module ({@link #loadBundled()}), so the evaluation needs no download.
 *
 * @param documents documents in file order
 * @param queries queries in file order; {@code id} is the position, from 1
 * @param judgements per query id, relevance grade per document id (0 = judged not relevant)
 */
public record Cranfield(
        List<CranfieldDoc> documents,
        List<CranfieldQuery> queries,
        Map<String, Map<String, Integer>> judgements) {

    /** Where the shared copy lives on these machines. */
    public static final Path DEFAULT_DIR = Path.of("/work/shared/data/cranfield");

    /**
     * Classpath folder of the bundled copy: the three files of {@link #DEFAULT_DIR}, each
     * gzip-compressed under its own name plus {@code .gz}, and their {@code NOTES.md}.
     */
    public static final String BUNDLED = "/io/protoflow/bench/search/cranfield/";

    private static final List<String> FILES =
            List.of("cran.all.1400.xml", "cran.qry.xml", "cranqrel.trec.txt");

    /** One abstract. */
    public record CranfieldDoc(String id, String title, String text) {}

    /** One query; id is its position in the query file, from 1. */
    public record CranfieldQuery(String id, String text) {}

    private static final Pattern DOC =
            Pattern.compile(
                    "<doc>\\s*<docno>\\s*(\\d+)\\s*</docno>.*?<title>(.*?)</title>.*?<text>(.*?)</text>",
                    Pattern.DOTALL);
    private static final Pattern QUERY =
            Pattern.compile("<top>.*?<title>(.*?)</title>", Pattern.DOTALL);

    /**
     * Reads {@code cran.all.1400.xml}, {@code cran.qry.xml} and {@code cranqrel.trec.txt} from the
     * directory, or their {@code .gz} copies where a file is absent.
     *
     * @throws IllegalStateException if a file is missing or has an unexpected layout
     */
    public static Cranfield load(Path dir) {
        String[] text = new String[FILES.size()];
        for (int i = 0; i < text.length; i++) {
            Path plain = dir.resolve(FILES.get(i));
            Path gz = dir.resolve(FILES.get(i) + ".gz");
            text[i] = read(Files.exists(plain) || !Files.exists(gz) ? plain : gz);
        }
        return parse(text[0], text[1], text[2], dir.toString());
    }

    /**
     * Reads the copy bundled with this module (gzip, 0.5 MB).
     *
     * @throws IllegalStateException if the resources are missing or have an unexpected layout
     */
    public static Cranfield loadBundled() {
        String[] text = new String[FILES.size()];
        for (int i = 0; i < text.length; i++) {
            String resource = BUNDLED + FILES.get(i) + ".gz";
            try (InputStream in = Cranfield.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(
                            "bundled Cranfield resource " + resource + " not on the classpath");
                }
                text[i] =
                        new String(new GZIPInputStream(in).readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
        return parse(text[0], text[1], text[2], "classpath:" + BUNDLED);
    }

    private static Cranfield parse(String docs, String qry, String qrels, String where) {
        List<CranfieldDoc> documents = new ArrayList<>();
        Matcher m = DOC.matcher(docs);
        while (m.find()) {
            documents.add(new CranfieldDoc(m.group(1), clean(m.group(2)), clean(m.group(3))));
        }
        List<CranfieldQuery> queries = new ArrayList<>();
        Matcher q = QUERY.matcher(qry);
        while (q.find()) {
            queries.add(
                    new CranfieldQuery(Integer.toString(queries.size() + 1), clean(q.group(1))));
        }
        Map<String, Map<String, Integer>> judgements = new LinkedHashMap<>();
        for (String line : qrels.split("\r?\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 4) {
                continue;
            }
            judgements
                    .computeIfAbsent(f[0], k -> new HashMap<>())
                    .put(f[2], Integer.parseInt(f[3]));
        }
        if (documents.size() != 1400 || queries.size() != 225 || judgements.size() != 225) {
            throw new IllegalStateException(
                    "unexpected Cranfield layout in "
                            + where
                            + ": "
                            + documents.size()
                            + " documents, "
                            + queries.size()
                            + " queries, judgements for "
                            + judgements.size()
                            + " queries (expected 1400, 225, 225)");
        }
        return new Cranfield(List.copyOf(documents), List.copyOf(queries), judgements);
    }

    private static String read(Path file) {
        try {
            if (file.getFileName().toString().endsWith(".gz")) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Cranfield file " + file, e);
        }
    }

    private static String clean(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
