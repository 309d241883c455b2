package io.protoflow.bench;

import io.protoflow.bench.search.Cranfield;
import io.protoflow.bench.search.Cranfield.CranfieldDoc;
import io.protoflow.bench.search.KafkaStagedProtocol;
import io.protoflow.bench.search.Percentiles;
import io.protoflow.bench.search.RetrievalRun;
import io.protoflow.core.index.DocumentIndex;
import io.protoflow.core.index.IndexConfig;
import io.protoflow.core.index.IndexHit;
import io.protoflow.core.index.IndexedDocument;
import io.protoflow.core.index.RetrievalMode;
import io.protoflow.core.index.SearchRequest;
import io.protoflow.encoder.EncoderConfig;
import io.protoflow.encoder.EncoderModel;
import io.protoflow.encoder.OnnxSentenceEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.FSDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The document-search evaluation on Cranfield: encodes the collection with the sentence encoder,
 * scores BM25, dense and hybrid retrieval (nDCG@10, MRR@10, Recall@100) on a batch-built index,
 * repeats it on an index built in stages and compares the rankings (in this process, and with
 * {@code --kafka} through the document job and the search service), then measures freshness, query
 * latency and HNSW recall at scale with perturbed copies of the real document vectors.
 */
@Command(
        name = "cranfield-eval",
        mixinStandardHelpOptions = true,
        description = {
            "Document search on Cranfield (1,400 abstracts, 225 queries): BM25, dense and hybrid"
                    + " (RRF) retrieval quality, staged vs batch indexing, freshness, latency and"
                    + " HNSW recall at --scale documents."
        },
        sortOptions = false)
public final class CranfieldEval implements Callable<Integer> {

    @Option(
            names = "--data",
            description =
                    "Cranfield directory with cran.all.1400.xml, cran.qry.xml and"
                            + " cranqrel.trec.txt, plain or .gz (default: the gzip copy bundled"
                            + " with the bench module)")
    Path data;

    @Option(
            names = "--model",
            defaultValue = "all-minilm-l6-v2-q",
            description =
                    "encoder: all-minilm-l6-v2-q | all-minilm-l6-v2 (default: ${DEFAULT-VALUE})")
    String model;

    @Option(
            names = "--batch",
            defaultValue = "32",
            description = "encoder batch size (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(
            names = "--stages",
            defaultValue = "5",
            description = "stages of the incremental protocol (default: ${DEFAULT-VALUE})")
    int stages;

    @Option(
            names = "--scale",
            defaultValue = "100000",
            description =
                    "documents for the latency and HNSW-recall run, 0 to skip (default: ${DEFAULT-VALUE})")
    int scale;

    @Option(
            names = "--noise",
            defaultValue = "0.03",
            description =
                    "per-component Gaussian noise added to real vectors for the scale run"
                            + " (default: ${DEFAULT-VALUE})")
    double noise;

    @Option(
            names = "--knn-candidates",
            defaultValue = "100",
            description = "HNSW candidates per dense query (default: ${DEFAULT-VALUE})")
    int knnCandidates;

    @Option(
            names = "--force-merge",
            defaultValue = "0",
            description =
                    "merge the scale index to at most this many segments before timing, 0 to"
                            + " keep Lucene's segments (default: ${DEFAULT-VALUE})")
    int forceMerge;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description = "timed passes over the queries at scale (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(
            names = "--exact-below",
            defaultValue = "10000",
            description =
                    "dense search scans exactly below this many documents, HNSW above"
                            + " (default: ${DEFAULT-VALUE})")
    int exactBelow;

    @Option(
            names = "--kafka",
            description =
                    "also run the staged protocol through Kafka: documents topic -> document job"
                            + " (encoding with --model in batches of --batch) -> index-updates ->"
                            + " search service, on an embedded broker and a local MiniCluster")
    boolean kafka;

    @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--vectors",
            description =
                    "cache file of the encoded documents and queries: read when it exists,"
                            + " written otherwise (skips the encoder and its throughput table)")
    Path vectorsCache;

    private final PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CranfieldEval()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Cranfield collection = data == null ? Cranfield.loadBundled() : Cranfield.load(data);
        List<CranfieldDoc> docs = collection.documents();
        EncoderConfig encoderConfig = EncoderConfig.defaults().withModel(EncoderModel.byId(model));
        float[][] docVectors;
        float[][] queryVectors;
        if (vectorsCache != null && Files.exists(vectorsCache)) {
            float[][][] cached = readVectors(vectorsCache);
            docVectors = cached[0];
            queryVectors = cached[1];
            out.printf(Locale.ROOT, "Vectors read from %s.%n", vectorsCache);
        } else {
            float[][][] encoded = encode(collection, encoderConfig);
            docVectors = encoded[0];
            queryVectors = encoded[1];
            if (vectorsCache != null) {
                writeVectors(vectorsCache, docVectors, queryVectors);
            }
        }
        IndexConfig config =
                IndexConfig.defaults(docVectors[0].length)
                        .withKnnCandidates(knnCandidates)
                        .withExactBelow(exactBelow);

        Map<RetrievalMode, RetrievalRun> batchRuns = new EnumMap<>(RetrievalMode.class);
        try (DocumentIndex index = DocumentIndex.open(new ByteBuffersDirectory(), config)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < docs.size(); i++) {
                index.upsert(document(docs.get(i), docVectors[i]));
            }
            index.commit(Map.of());
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf(
                    Locale.ROOT,
                    "%n### Batch-built index (%d documents, indexed in %.2f s)%n%n",
                    index.size(),
                    seconds);
            out.println("| mode | nDCG@10 | MRR@10 | Recall@100 |");
            out.println("|---|---:|---:|---:|");
            for (RetrievalMode mode : RetrievalMode.values()) {
                RetrievalRun run = RetrievalRun.run(index, collection, queryVectors, mode);
                batchRuns.put(mode, run);
                out.printf(
                        Locale.ROOT,
                        "| %s | %.3f | %.3f | %.3f |%n",
                        mode.name().toLowerCase(Locale.ROOT),
                        run.ndcg10(),
                        run.mrr10(),
                        run.recall100());
            }
            freshness(index, docs, docVectors);
        }
        staged(collection, docVectors, queryVectors, config, batchRuns);
        if (kafka) {
            new KafkaStagedProtocol(out, model, batch, stages)
                    .run(collection, queryVectors, docVectors, batchRuns);
        }
        if (scale > 0) {
            atScale(collection, docVectors, queryVectors, config);
        }
        return 0;
    }

    private float[][][] encode(Cranfield collection, EncoderConfig encoderConfig) {
        List<CranfieldDoc> docs = collection.documents();
        try (OnnxSentenceEncoder encoder = OnnxSentenceEncoder.open(encoderConfig)) {
            List<String> docTexts = docs.stream().map(d -> d.title() + "\n" + d.text()).toList();
            encodeThroughput(encoder, docTexts);
            long t0 = System.nanoTime();
            float[][] docVectors = encodeAll(encoder, docTexts, batch);
            double docSeconds = (System.nanoTime() - t0) / 1e9;
            float[][] queryVectors =
                    encodeAll(
                            encoder,
                            collection.queries().stream().map(q -> q.text()).toList(),
                            batch);
            out.printf(
                    Locale.ROOT,
                    "%nEncoded %d documents in %.1f s (%.1f docs/s, batches of %d similar"
                            + " lengths, %s).%n",
                    docs.size(),
                    docSeconds,
                    docs.size() / docSeconds,
                    batch,
                    encoder.id());
            return new float[][][] {docVectors, queryVectors};
        }
    }

    private static void writeVectors(Path file, float[][]... sets) throws IOException {
        try (DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (float[][] set : sets) {
                out.writeInt(set.length);
                out.writeInt(set[0].length);
                for (float[] v : set) {
                    for (float x : v) {
                        out.writeFloat(x);
                    }
                }
            }
        }
    }

    private static float[][][] readVectors(Path file) throws IOException {
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            float[][][] sets = new float[2][][];
            for (int s = 0; s < 2; s++) {
                int n = in.readInt();
                int dim = in.readInt();
                sets[s] = new float[n][dim];
                for (float[] v : sets[s]) {
                    for (int d = 0; d < dim; d++) {
                        v[d] = in.readFloat();
                    }
                }
            }
            return sets;
        }
    }

    private void encodeThroughput(OnnxSentenceEncoder encoder, List<String> texts) {
        out.println("### Encoder throughput (" + encoder.id() + ", sentences/s)");
        out.println();
        out.println("| batch size | texts | sentences/s |");
        out.println("|---:|---:|---:|");
        // warm-up: first calls pay for ONNX Runtime's graph optimisation and allocations
        encodeAll(encoder, texts.subList(0, 64), 32);
        for (int size : new int[] {1, 8, 32, 64}) {
            List<String> sample = texts.subList(0, size == 1 ? 64 : 256);
            long t0 = System.nanoTime();
            for (int from = 0; from < sample.size(); from += size) {
                encoder.encode(sample.subList(from, Math.min(sample.size(), from + size)));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf(
                    Locale.ROOT,
                    "| %d | %d | %.1f |%n",
                    size,
                    sample.size(),
                    sample.size() / seconds);
        }
    }

    /**
     * Encodes in batches of texts of similar length (sorted by length, results put back in input
     * order): less padding means less work and keeps int8 activation scales close to those of the
     * text alone.
     */
    private static float[][] encodeAll(OnnxSentenceEncoder encoder, List<String> texts, int size) {
        Integer[] order = new Integer[texts.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < order.length; from += size) {
            int to = Math.min(order.length, from + size);
            List<String> chunk = new ArrayList<>(to - from);
            for (int j = from; j < to; j++) {
                chunk.add(texts.get(order[j]));
            }
            float[][] part = encoder.encode(chunk);
            for (int j = from; j < to; j++) {
                out[order[j]] = part[j - from];
            }
        }
        return out;
    }

    private static IndexedDocument document(CranfieldDoc d, float[] vector) {
        return IndexedDocument.of(d.id(), d.title(), d.text(), vector);
    }

    /**
     * Indexes the collection in contiguous stages of file order, evaluates after each stage
     * (against all judgements, so early stages miss documents), and compares the final rankings
     * with the batch-built index's.
     */
    private void staged(
            Cranfield collection,
            float[][] docVectors,
            float[][] queryVectors,
            IndexConfig config,
            Map<RetrievalMode, RetrievalRun> batchRuns) {
        List<CranfieldDoc> docs = collection.documents();
        out.printf(Locale.ROOT, "%n### Incremental: %d stages of file order%n%n", stages);
        out.println(
                "| stage | documents | bm25 nDCG@10 | dense nDCG@10 | hybrid nDCG@10 | hybrid Recall@100 |");
        out.println("|---:|---:|---:|---:|---:|---:|");
        Map<RetrievalMode, RetrievalRun> last = new EnumMap<>(RetrievalMode.class);
        try (DocumentIndex index = DocumentIndex.open(new ByteBuffersDirectory(), config)) {
            for (int s = 0; s < stages; s++) {
                int from = s * docs.size() / stages;
                int to = (s + 1) * docs.size() / stages;
                for (int i = from; i < to; i++) {
                    index.upsert(document(docs.get(i), docVectors[i]));
                }
                index.commit(Map.of("stage", Integer.toString(s + 1)));
                for (RetrievalMode mode : RetrievalMode.values()) {
                    last.put(mode, RetrievalRun.run(index, collection, queryVectors, mode));
                }
                out.printf(
                        Locale.ROOT,
                        "| %d | %d | %.3f | %.3f | %.3f | %.3f |%n",
                        s + 1,
                        index.size(),
                        last.get(RetrievalMode.BM25).ndcg10(),
                        last.get(RetrievalMode.DENSE).ndcg10(),
                        last.get(RetrievalMode.HYBRID).ndcg10(),
                        last.get(RetrievalMode.HYBRID).recall100());
            }
        }
        out.println();
        out.println("Rankings (top 100) after the last stage equal to the batch-built index's:");
        out.println();
        for (RetrievalMode mode : RetrievalMode.values()) {
            out.printf(
                    Locale.ROOT,
                    "- %s: %d / %d queries identical%n",
                    mode.name().toLowerCase(Locale.ROOT),
                    last.get(mode).identicalRankings(batchRuns.get(mode)),
                    collection.queries().size());
        }
    }

    /**
     * Freshness of the index alone: time from handing an encoded document to the index until a
     * search sees it (upsert, near-real-time refresh, lookup), one document at a time.
     */
    private void freshness(DocumentIndex index, List<CranfieldDoc> docs, float[][] docVectors) {
        int n = 300;
        double[] millis = new double[n];
        for (int i = 0; i < n; i++) {
            CranfieldDoc d = docs.get(i);
            String id = "fresh-" + i;
            String marker = "zqfresh" + i;
            long t0 = System.nanoTime();
            index.upsert(IndexedDocument.of(id, d.title(), d.text() + " " + marker, docVectors[i]));
            index.refresh();
            List<IndexHit> hits =
                    index.search(SearchRequest.of(marker, null, RetrievalMode.BM25, 1));
            millis[i] = (System.nanoTime() - t0) / 1e6;
            if (hits.isEmpty() || !hits.get(0).id().equals(id)) {
                throw new IllegalStateException("document " + id + " not searchable after refresh");
            }
        }
        out.printf(
                Locale.ROOT,
                "%nFreshness inside the index (upsert -> NRT refresh -> found), %d documents at"
                        + " ~%d indexed: p50 %.2f ms, p99 %.2f ms (encoding and Kafka not"
                        + " included)%n",
                n,
                docs.size(),
                Percentiles.of(millis, 50),
                Percentiles.of(millis, 99));
    }

    /**
     * Query latency and HNSW recall at {@code scale} documents: real document vectors plus Gaussian
     * noise (renormalised), each with its source document's text.
     */
    private void atScale(
            Cranfield collection, float[][] docVectors, float[][] queryVectors, IndexConfig config)
            throws IOException {
        List<CranfieldDoc> docs = collection.documents();
        Random random = new Random(seed);
        int dim = config.dimension();
        float[][] vectors = new float[scale][];
        double meanCos = 0;
        for (int i = 0; i < scale; i++) {
            float[] base = docVectors[i % docs.size()];
            float[] v = new float[dim];
            double norm = 0;
            for (int d = 0; d < dim; d++) {
                v[d] = (float) (base[d] + noise * random.nextGaussian());
                norm += (double) v[d] * v[d];
            }
            float inv = (float) (1 / Math.sqrt(norm));
            double cos = 0;
            for (int d = 0; d < dim; d++) {
                v[d] *= inv;
                cos += (double) v[d] * base[d];
            }
            meanCos += cos;
            vectors[i] = v;
        }
        Path dir = Files.createTempDirectory("protoflow-cranfield-scale");
        try (DocumentIndex index = DocumentIndex.open(FSDirectory.open(dir), config)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < scale; i++) {
                CranfieldDoc d = docs.get(i % docs.size());
                index.upsert(IndexedDocument.of("p" + i, d.title(), d.text(), vectors[i]));
            }
            index.commit(Map.of());
            double seconds = (System.nanoTime() - t0) / 1e9;
            double mergeSeconds = 0;
            if (forceMerge > 0) {
                long m0 = System.nanoTime();
                index.forceMerge(forceMerge);
                mergeSeconds = (System.nanoTime() - m0) / 1e9;
            }
            out.printf(
                    Locale.ROOT,
                    "%n%d segments (force-merge to %d took %.1f s)%n",
                    index.segmentCount(),
                    forceMerge,
                    mergeSeconds);
            out.printf(
                    Locale.ROOT,
                    "%n### At %d documents (perturbed real vectors, noise %.3f, mean cosine to"
                            + " source %.3f; indexed in %.1f s, %.0f docs/s)%n%n",
                    scale,
                    noise,
                    meanCos / scale,
                    seconds,
                    scale / seconds);
            List<Cranfield.CranfieldQuery> queries = collection.queries();
            out.println("| mode | k | p50 ms | p99 ms | queries timed |");
            out.println("|---|---:|---:|---:|---:|");
            for (RetrievalMode mode : RetrievalMode.values()) {
                for (int i = 0; i < queries.size(); i++) {
                    index.search(
                            SearchRequest.of(queries.get(i).text(), queryVectors[i], mode, 10));
                }
                double[] millis = new double[rounds * queries.size()];
                for (int r = 0; r < rounds; r++) {
                    for (int i = 0; i < queries.size(); i++) {
                        SearchRequest req =
                                SearchRequest.of(queries.get(i).text(), queryVectors[i], mode, 10);
                        long q0 = System.nanoTime();
                        index.search(req);
                        millis[r * queries.size() + i] = (System.nanoTime() - q0) / 1e6;
                    }
                }
                out.printf(
                        Locale.ROOT,
                        "| %s | 10 | %.2f | %.2f | %d |%n",
                        mode.name().toLowerCase(Locale.ROOT),
                        Percentiles.of(millis, 50),
                        Percentiles.of(millis, 99),
                        millis.length);
            }
            double recall = 0;
            for (int i = 0; i < queries.size(); i++) {
                Set<String> exact = exactTop(vectors, queryVectors[i], 10);
                long found =
                        index
                                .search(
                                        SearchRequest.of(
                                                null, queryVectors[i], RetrievalMode.DENSE, 10))
                                .stream()
                                .filter(h -> exact.contains(h.id()))
                                .count();
                recall += found / 10.0;
            }
            out.printf(
                    Locale.ROOT,
                    "%nHNSW recall@10 against exact search (%d queries, %d candidates): %.4f%n",
                    queries.size(),
                    config.knnCandidates(),
                    recall / queries.size());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Set<String> exactTop(float[][] vectors, float[] query, int k) {
        // vectors are unit length, so the dot product is the cosine the index ranks by
        record Scored(int index, double score) {}
        List<Scored> all = new ArrayList<>(vectors.length);
        for (int i = 0; i < vectors.length; i++) {
            double s = 0;
            float[] v = vectors[i];
            for (int d = 0; d < v.length; d++) {
                s += (double) v[d] * query[d];
            }
            all.add(new Scored(i, s));
        }
        all.sort(Comparator.comparingDouble((Scored s) -> -s.score()));
        Set<String> top = new HashSet<>();
        for (int i = 0; i < k; i++) {
            top.add("p" + all.get(i).index());
        }
        return top;
    }
}
