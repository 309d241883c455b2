package io.protoflow.core.index;

import io.protoflow.core.learn.Vectors;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.QueryBuilder;

/**
 * A Lucene index of documents searched by BM25 over title and text (English analyzer), by HNSW
 * nearest neighbours of their sentence vectors (cosine), or by both fused with reciprocal rank
 * ({@link TopDocs#rrf}).
 *
 * <p>Updates replace or delete by document id, so replaying a stream of updates is idempotent. They
 * become searchable after {@link #refresh()} (near-real-time: no commit needed). {@link
 * #commit(Map)} makes them durable together with caller data, such as the stream offsets they
 * correspond to; after a restart {@link #committedData()} returns that data, so the caller resumes
 * reading exactly after the last committed update. Updates after the last commit are lost on a
 * crash and must be replayed.
 *
 * <p>Ranking is deterministic: hits of equal score are ordered by id, so two indexes with the same
 * documents answer the same, however their segments were built. Dense search scans all vectors
 * exactly below {@link IndexConfig#exactBelow()} documents; above, HNSW's approximate results can
 * depend on the order documents arrived in.
 *
 * <p>Thread-safe: updates and searches may run concurrently.
 */
public final class DocumentIndex implements Closeable {

    static final String ID = "id";
    static final String CONTENT = "content";
    static final String TITLE = "title";
    static final String TOPIC = "topic";
    static final String VECTOR = "vector";
    static final String FIELD_PREFIX = "f.";

    private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.COSINE;

    /** Extra hits fetched beyond k so that ties at the cut are broken by id, not by Lucene doc. */
    private static final int TIE_SLACK = 10;

    private final IndexConfig config;
    private final Analyzer analyzer;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Map<String, String> committedData;

    private DocumentIndex(
            IndexConfig config,
            Analyzer analyzer,
            IndexWriter writer,
            SearcherManager searchers,
            Map<String, String> committedData) {
        this.config = config;
        this.analyzer = analyzer;
        this.writer = writer;
        this.searchers = searchers;
        this.committedData = committedData;
    }

    /**
     * Opens the index in {@code directory}, creating it if empty; documents of the last commit are
     * searchable at once.
     */
    public static DocumentIndex open(Directory directory, IndexConfig config) {
        Analyzer analyzer = new EnglishAnalyzer();
        try {
            IndexWriterConfig iwc = new IndexWriterConfig(analyzer);
            iwc.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            // durable state is exactly what commit(data) wrote, never updates without their offsets
            iwc.setCommitOnClose(false);
            IndexWriter writer = new IndexWriter(directory, iwc);
            Map<String, String> committed = new HashMap<>();
            Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
            if (data != null) {
                data.forEach(e -> committed.put(e.getKey(), e.getValue()));
            }
            SearcherManager searchers = new SearcherManager(writer, true, false, null);
            return new DocumentIndex(config, analyzer, writer, searchers, Map.copyOf(committed));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the document index in " + directory, e);
        }
    }

    /** The configuration the index searches with. */
    public IndexConfig config() {
        return config;
    }

    /**
     * Adds the document, or replaces the one with the same id.
     *
     * @throws IllegalArgumentException if the vector has the wrong length or non-finite values
     */
    public void upsert(IndexedDocument doc) {
        Document d = new Document();
        d.add(new StringField(ID, doc.id(), Field.Store.YES));
        String content = join(doc.title(), doc.text());
        if (!content.isEmpty()) {
            d.add(new TextField(CONTENT, content, Field.Store.NO));
        }
        if (doc.title() != null) {
            d.add(new StoredField(TITLE, doc.title()));
        }
        if (doc.topic() != null) {
            d.add(new StringField(TOPIC, Integer.toString(doc.topic()), Field.Store.YES));
        }
        for (Map.Entry<String, String> f : doc.fields().entrySet()) {
            d.add(new StringField(FIELD_PREFIX + f.getKey(), f.getValue(), Field.Store.YES));
        }
        if (doc.vector() != null) {
            requireUsable(doc.vector());
            d.add(new KnnFloatVectorField(VECTOR, doc.vector(), SIMILARITY));
        }
        try {
            writer.updateDocument(new Term(ID, doc.id()), d);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index document " + doc.id(), e);
        }
    }

    /** Deletes the document with this id; a no-op if there is none. */
    public void delete(String id) {
        try {
            writer.deleteDocuments(new Term(ID, id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete document " + id, e);
        }
    }

    /** Makes every update so far visible to searches (near-real-time; nothing is fsynced). */
    public void refresh() {
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot refresh the document index", e);
        }
    }

    /**
     * Makes every update so far durable, with {@code data} (e.g. the stream offsets they came from)
     * stored in the same commit, and makes them searchable.
     */
    public void commit(Map<String, String> data) {
        try {
            writer.setLiveCommitData(Map.copyOf(data).entrySet());
            writer.commit();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the document index", e);
        }
        refresh();
    }

    /**
     * Merges the index down to at most {@code maxSegments} segments and refreshes. Fewer segments
     * mean fewer HNSW graphs per dense query; worth it after a bulk load, costly otherwise (HNSW
     * graphs are rebuilt).
     */
    public void forceMerge(int maxSegments) {
        try {
            writer.forceMerge(maxSegments);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot merge the document index", e);
        }
        refresh();
    }

    /** Number of segments visible to searches. */
    public int segmentCount() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().leaves().size();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data of the commit this index was opened at (empty for a new index). */
    public Map<String, String> committedData() {
        return committedData;
    }

    /** Number of documents visible to searches. */
    public int size() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.getIndexReader().numDocs();
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the query on the last refreshed view of the index.
     *
     * @throws IllegalArgumentException if the query vector has the wrong length
     */
    public List<IndexHit> search(SearchRequest request) {
        if (request.vector() != null) {
            requireUsable(request.vector());
        }
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return search(searcher, request);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("search failed", e);
        }
    }

    private List<IndexHit> search(IndexSearcher searcher, SearchRequest request)
            throws IOException {
        Query filter = filter(request);
        int want = request.k() + TIE_SLACK;
        TopDocs top =
                switch (request.mode()) {
                    case BM25 -> bm25(searcher, request.text(), filter, want);
                    case DENSE -> dense(searcher, request.vector(), filter, want);
                    case HYBRID -> {
                        int depth = Math.max(want, config.fusionDepth());
                        // fusion works on ranks: rank tied hits by id, as results are, or the
                        // fused order would follow Lucene doc numbers (segment history)
                        TopDocs lexical =
                                tiesById(
                                        searcher,
                                        bm25(searcher, request.text(), filter, depth + TIE_SLACK),
                                        depth);
                        TopDocs semantic =
                                tiesById(
                                        searcher,
                                        dense(
                                                searcher,
                                                request.vector(),
                                                filter,
                                                depth + TIE_SLACK),
                                        depth);
                        yield TopDocs.rrf(
                                want, config.rrfRankConstant(), new TopDocs[] {lexical, semantic});
                    }
                };
        return toHits(searcher, top, request.k());
    }

    private TopDocs bm25(IndexSearcher searcher, String text, Query filter, int n)
            throws IOException {
        Query terms = new QueryBuilder(analyzer).createBooleanQuery(CONTENT, text);
        if (terms == null) {
            return TopDocs.merge(n, new TopDocs[0]);
        }
        Query query = terms;
        if (filter != null) {
            query =
                    new BooleanQuery.Builder()
                            .add(terms, Occur.MUST)
                            .add(filter, Occur.FILTER)
                            .build();
        }
        return searcher.search(query, n);
    }

    private TopDocs dense(IndexSearcher searcher, float[] vector, Query filter, int n)
            throws IOException {
        if (searcher.getIndexReader().numDocs() < config.exactBelow()) {
            return exactDense(searcher, vector, filter, n);
        }
        int candidates = Math.max(n, config.knnCandidates());
        TopDocs top =
                searcher.search(
                        new KnnFloatVectorQuery(VECTOR, vector, candidates, filter), candidates);
        if (top.scoreDocs.length <= n) {
            return top;
        }
        return new TopDocs(top.totalHits, Arrays.copyOf(top.scoreDocs, n));
    }

    /** Scores every live vector that passes the filter, with the similarity HNSW search uses. */
    private static TopDocs exactDense(IndexSearcher searcher, float[] vector, Query filter, int n)
            throws IOException {
        Weight filterWeight =
                filter == null
                        ? null
                        : searcher.createWeight(
                                searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
        List<ScoreDoc> all = new ArrayList<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
            if (values == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            FixedBitSet accepted = null;
            if (filterWeight != null) {
                Scorer scorer = filterWeight.scorer(leaf);
                if (scorer == null) {
                    continue;
                }
                accepted = new FixedBitSet(leaf.reader().maxDoc());
                accepted.or(scorer.iterator());
            }
            KnnVectorValues.DocIndexIterator it = values.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if ((live != null && !live.get(doc)) || (accepted != null && !accepted.get(doc))) {
                    continue;
                }
                float score = SIMILARITY.compare(vector, values.vectorValue(it.index()));
                all.add(new ScoreDoc(leaf.docBase + doc, score));
            }
        }
        all.sort(Comparator.comparingDouble((ScoreDoc sd) -> -sd.score));
        ScoreDoc[] top = all.subList(0, Math.min(n, all.size())).toArray(ScoreDoc[]::new);
        return new TopDocs(new TotalHits(all.size(), TotalHits.Relation.EQUAL_TO), top);
    }

    private void requireUsable(float[] vector) {
        Vectors.requireValid(vector, config.dimension());
        if (Vectors.norm(vector) == 0) {
            // cosine is undefined for a zero vector
            throw new IllegalArgumentException("vector has norm 0");
        }
    }

    private static Query filter(SearchRequest request) {
        if (request.topic() == null && request.filters().isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (request.topic() != null) {
            b.add(new TermQuery(new Term(TOPIC, Integer.toString(request.topic()))), Occur.FILTER);
        }
        for (Map.Entry<String, String> f : request.filters().entrySet()) {
            b.add(new TermQuery(new Term(FIELD_PREFIX + f.getKey(), f.getValue())), Occur.FILTER);
        }
        return b.build();
    }

    private record Scored(String id, float score, Document doc) {}

    /**
     * The first {@code n} hits with equal scores ordered by document id instead of Lucene doc
     * number. Ids are read only for hits that tie with a neighbour, which is rare.
     */
    private static TopDocs tiesById(IndexSearcher searcher, TopDocs top, int n) throws IOException {
        ScoreDoc[] docs = top.scoreDocs.clone();
        StoredFields stored = null;
        int start = 0;
        while (start < docs.length) {
            int end = start + 1;
            while (end < docs.length && docs[end].score == docs[start].score) {
                end++;
            }
            if (end - start > 1) {
                if (stored == null) {
                    stored = searcher.storedFields();
                }
                Map<Integer, String> ids = new HashMap<>();
                for (int i = start; i < end; i++) {
                    ids.put(docs[i].doc, stored.document(docs[i].doc, Set.of(ID)).get(ID));
                }
                Arrays.sort(docs, start, end, Comparator.comparing((ScoreDoc d) -> ids.get(d.doc)));
            }
            start = end;
        }
        return new TopDocs(top.totalHits, Arrays.copyOf(docs, Math.min(n, docs.length)));
    }

    private static List<IndexHit> toHits(IndexSearcher searcher, TopDocs top, int k)
            throws IOException {
        StoredFields stored = searcher.storedFields();
        List<Scored> scored = new ArrayList<>(top.scoreDocs.length);
        for (ScoreDoc sd : top.scoreDocs) {
            Document doc = stored.document(sd.doc);
            scored.add(new Scored(doc.get(ID), sd.score, doc));
        }
        scored.sort(Comparator.comparingDouble((Scored s) -> -s.score()).thenComparing(Scored::id));
        List<IndexHit> hits = new ArrayList<>(Math.min(k, scored.size()));
        for (int i = 0; i < scored.size() && i < k; i++) {
            Scored s = scored.get(i);
            Map<String, String> fields = new HashMap<>();
            for (IndexableField f : s.doc().getFields()) {
                if (f.name().startsWith(FIELD_PREFIX)) {
                    fields.put(f.name().substring(FIELD_PREFIX.length()), f.stringValue());
                }
            }
            String topic = s.doc().get(TOPIC);
            hits.add(
                    new IndexHit(
                            s.id(),
                            i + 1,
                            s.score(),
                            s.doc().get(TITLE),
                            topic == null ? null : Integer.valueOf(topic),
                            fields));
        }
        return hits;
    }

    private static String join(String title, String text) {
        if (title == null) {
            return text == null ? "" : text;
        }
        return text == null ? title : title + "\n" + text;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the document index", e);
        } finally {
            analyzer.close();
        }
    }
}
