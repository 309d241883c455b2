package io.protoflow.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.junit.jupiter.api.Test;

class DocumentIndexTest {

    private static final float[] NORTH = {1, 0, 0, 0};
    private static final float[] EAST = {0, 1, 0, 0};
    private static final float[] NORTH_EAST = {0.7071f, 0.7071f, 0, 0};

    private static DocumentIndex open(Directory dir) {
        return DocumentIndex.open(dir, IndexConfig.defaults(4));
    }

    private static List<String> ids(List<IndexHit> hits) {
        return hits.stream().map(IndexHit::id).toList();
    }

    @Test
    void bm25MatchesStemmedTermsInTitleAndText() {
        try (DocumentIndex index = open(new ByteBuffersDirectory())) {
            index.upsert(IndexedDocument.of("1", "Supersonic flows", "over a wedge", NORTH));
            index.upsert(IndexedDocument.of("2", "Heat transfer", "in a boundary layer", EAST));
            index.refresh();
            assertThat(ids(index.search(SearchRequest.of("flow", null, RetrievalMode.BM25, 10))))
                    .containsExactly("1");
            assertThat(ids(index.search(SearchRequest.of("layers", null, RetrievalMode.BM25, 10))))
                    .containsExactly("2");
            assertThat(index.search(SearchRequest.of("the of", null, RetrievalMode.BM25, 10)))
                    .isEmpty();
        }
    }

    @Test
    void denseRanksByCosineSimilarity() {
        try (DocumentIndex index = open(new ByteBuffersDirectory())) {
            index.upsert(IndexedDocument.of("n", null, "a", NORTH));
            index.upsert(IndexedDocument.of("e", null, "b", EAST));
            index.upsert(IndexedDocument.of("ne", null, "c", NORTH_EAST));
            index.refresh();
            List<IndexHit> hits =
                    index.search(
                            SearchRequest.of(
                                    null, new float[] {1, 0.1f, 0, 0}, RetrievalMode.DENSE, 3));
            assertThat(ids(hits)).containsExactly("n", "ne", "e");
            assertThat(hits.get(0).rank()).isEqualTo(1);
            assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
        }
    }

    @Test
    void exactAndHnswDenseSearchAgreeAndSkipDeletedAndFilteredDocuments() {
        try (DocumentIndex exact = open(new ByteBuffersDirectory());
                DocumentIndex hnsw =
                        DocumentIndex.open(
                                new ByteBuffersDirectory(),
                                IndexConfig.defaults(4).withExactBelow(0))) {
            for (DocumentIndex index : List.of(exact, hnsw)) {
                index.upsert(new IndexedDocument("n", null, "a", NORTH, 0, Map.of()));
                index.upsert(new IndexedDocument("e", null, "b", EAST, 1, Map.of()));
                index.upsert(new IndexedDocument("ne", null, "c", NORTH_EAST, 1, Map.of()));
                index.upsert(new IndexedDocument("gone", null, "d", NORTH, 1, Map.of()));
                index.refresh();
                index.delete("gone");
                index.refresh();
            }
            SearchRequest all = SearchRequest.of(null, NORTH, RetrievalMode.DENSE, 10);
            SearchRequest topic1 =
                    new SearchRequest(null, NORTH, RetrievalMode.DENSE, 10, 1, Map.of());
            assertThat(ids(exact.search(all))).containsExactly("n", "ne", "e");
            assertThat(ids(exact.search(topic1))).containsExactly("ne", "e");
            assertThat(exact.search(all)).isEqualTo(hnsw.search(all));
            assertThat(exact.search(topic1)).isEqualTo(hnsw.search(topic1));
        }
    }

    @Test
    void hybridFusesBothListsAndPutsAgreementFirst() {
        try (DocumentIndex index = open(new ByteBuffersDirectory())) {
            // "both" matches the text and is nearest; "lexical" only matches the text;
            // "semantic" is second nearest without the term.
            index.upsert(IndexedDocument.of("both", "shock waves", "shock", NORTH));
            index.upsert(IndexedDocument.of("lexical", "shock tube", "shock shock", EAST));
            index.upsert(IndexedDocument.of("semantic", "blast", "detonation", NORTH_EAST));
            index.refresh();
            List<IndexHit> hits =
                    index.search(SearchRequest.of("shock", NORTH, RetrievalMode.HYBRID, 3));
            assertThat(ids(hits).get(0)).isEqualTo("both");
            assertThat(ids(hits)).containsExactlyInAnyOrder("both", "lexical", "semantic");
            // "lexical" repeats the term, so "both" is 2nd by BM25 and 1st by vector; with rank
            // constant 60 it scores 1/61 + 1/62, ahead of "lexical" (1st and 3rd: 1/61 + 1/63)
            assertThat(hits.get(0).score()).isCloseTo(1.0 / 61 + 1.0 / 62, within(1e-6));
            assertThat(hits.get(1).id()).isEqualTo("lexical");
            assertThat(hits.get(1).score()).isCloseTo(1.0 / 61 + 1.0 / 63, within(1e-6));
        }
    }

    @Test
    void upsertReplacesAndDeleteRemovesOnceRefreshed() {
        try (DocumentIndex index = open(new ByteBuffersDirectory())) {
            index.upsert(IndexedDocument.of("1", null, "airfoil", NORTH));
            index.refresh();
            index.upsert(IndexedDocument.of("1", null, "nozzle", NORTH));
            index.refresh();
            assertThat(index.size()).isEqualTo(1);
            assertThat(index.search(SearchRequest.of("airfoil", null, RetrievalMode.BM25, 5)))
                    .isEmpty();
            assertThat(ids(index.search(SearchRequest.of("nozzle", null, RetrievalMode.BM25, 5))))
                    .containsExactly("1");

            index.delete("1");
            // near-real-time: the delete is invisible until the next refresh
            assertThat(index.size()).isEqualTo(1);
            index.refresh();
            assertThat(index.size()).isZero();
            index.delete("never-indexed");
            index.refresh();
            assertThat(index.size()).isZero();
        }
    }

    @Test
    void topicAndFieldFiltersRestrictEveryMode() {
        try (DocumentIndex index = open(new ByteBuffersDirectory())) {
            index.upsert(
                    new IndexedDocument("a", null, "wing flutter", NORTH, 0, Map.of("lang", "en")));
            index.upsert(
                    new IndexedDocument("b", null, "wing flutter", NORTH, 1, Map.of("lang", "en")));
            index.upsert(
                    new IndexedDocument("c", null, "wing flutter", NORTH, 1, Map.of("lang", "fr")));
            index.refresh();
            for (RetrievalMode mode : RetrievalMode.values()) {
                List<IndexHit> topic1 =
                        index.search(new SearchRequest("wing", NORTH, mode, 10, 1, Map.of()));
                assertThat(ids(topic1)).as(mode.name()).containsExactly("b", "c");
                List<IndexHit> topic1En =
                        index.search(
                                new SearchRequest(
                                        "wing", NORTH, mode, 10, 1, Map.of("lang", "en")));
                assertThat(ids(topic1En)).as(mode.name()).containsExactly("b");
                assertThat(topic1En.get(0).topic()).isEqualTo(1);
                assertThat(topic1En.get(0).fields()).containsEntry("lang", "en");
            }
        }
    }

    @Test
    void equalScoresAreOrderedById() {
        try (DocumentIndex index = open(new ByteBuffersDirectory())) {
            for (String id : List.of("d", "b", "c", "a")) {
                index.upsert(IndexedDocument.of(id, "same", "same text", NORTH));
            }
            index.refresh();
            assertThat(ids(index.search(SearchRequest.of("text", null, RetrievalMode.BM25, 3))))
                    .containsExactly("a", "b", "c");
        }
    }

    @Test
    void hybridOrderOfTiedDocumentsDoesNotDependOnInsertionOrder() {
        try (DocumentIndex forward = open(new ByteBuffersDirectory());
                DocumentIndex backward = open(new ByteBuffersDirectory())) {
            List<String> ids = List.of("a", "b", "c");
            for (int i = 0; i < 3; i++) {
                forward.upsert(IndexedDocument.of(ids.get(i), null, "same text", NORTH));
                backward.upsert(IndexedDocument.of(ids.get(2 - i), null, "same text", NORTH));
            }
            forward.upsert(IndexedDocument.of("z", null, "other words", EAST));
            backward.upsert(IndexedDocument.of("z", null, "other words", EAST));
            forward.refresh();
            backward.refresh();
            // equal in both lists: fused ranks must come from ids, not from Lucene doc numbers
            SearchRequest hybrid = SearchRequest.of("text", NORTH, RetrievalMode.HYBRID, 4);
            assertThat(ids(forward.search(hybrid))).containsExactly("a", "b", "c", "z");
            assertThat(ids(backward.search(hybrid))).containsExactly("a", "b", "c", "z");
        }
    }

    @Test
    void reopenedIndexHasCommittedDocumentsAndDataButNotLaterUpdates() {
        Directory dir = new ByteBuffersDirectory();
        try (DocumentIndex index = open(dir)) {
            assertThat(index.committedData()).isEmpty();
            index.upsert(IndexedDocument.of("1", null, "wing", NORTH));
            index.commit(Map.of("offset.0", "1"));
            index.upsert(IndexedDocument.of("2", null, "wing", EAST));
            index.refresh();
            assertThat(index.size()).isEqualTo(2);
        }
        try (DocumentIndex index = open(dir)) {
            assertThat(index.committedData()).containsExactly(Map.entry("offset.0", "1"));
            assertThat(index.size()).isEqualTo(1);
            assertThat(ids(index.search(SearchRequest.of("wing", null, RetrievalMode.BM25, 5))))
                    .containsExactly("1");
        }
    }

    @Test
    void forceMergeLeavesOneSegmentAndTheSameAnswers() {
        try (DocumentIndex index =
                DocumentIndex.open(
                        new ByteBuffersDirectory(), IndexConfig.defaults(4).withExactBelow(0))) {
            index.upsert(IndexedDocument.of("n", null, "wing", NORTH));
            index.commit(Map.of());
            index.upsert(IndexedDocument.of("e", null, "wing shock", EAST));
            index.commit(Map.of());
            index.upsert(IndexedDocument.of("ne", null, "shock", NORTH_EAST));
            index.commit(Map.of());
            SearchRequest request = SearchRequest.of("wing", NORTH, RetrievalMode.HYBRID, 3);
            List<IndexHit> before = index.search(request);
            assertThat(index.segmentCount()).isEqualTo(3);
            index.forceMerge(1);
            assertThat(index.segmentCount()).isEqualTo(1);
            assertThat(index.search(request)).isEqualTo(before);
        }
    }

    @Test
    void invalidVectorsAreRejectedNamingTheProblem() {
        try (DocumentIndex index = open(new ByteBuffersDirectory())) {
            assertThatThrownBy(() -> index.upsert(IndexedDocument.of("1", null, "x", new float[3])))
                    .hasMessage("features has dimension 3, model expects 4");
            assertThatThrownBy(() -> index.upsert(IndexedDocument.of("1", null, "x", new float[4])))
                    .hasMessage("vector has norm 0");
            assertThatThrownBy(() -> SearchRequest.of("x", null, RetrievalMode.HYBRID, 5))
                    .hasMessage("vector must not be null in mode HYBRID");
            assertThatThrownBy(() -> SearchRequest.of("x", NORTH, RetrievalMode.BM25, 0))
                    .hasMessage("k must be >= 1, got 0");
        }
    }

    @Test
    void indexBuiltInStagesAnswersLikeTheBatchBuiltIndex() {
        long seed = 42;
        Random random = new Random(seed);
        String[] words = {
            "wing", "shock", "flow", "heat", "plate", "nozzle", "buckling", "flutter"
        };
        List<IndexedDocument> docs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder text = new StringBuilder();
            for (int w = 0; w < 6; w++) {
                text.append(words[random.nextInt(words.length)]).append(' ');
            }
            float[] v = new float[4];
            for (int d = 0; d < 4; d++) {
                v[d] = (float) random.nextGaussian();
            }
            docs.add(IndexedDocument.of("doc-" + i, null, text.toString(), v));
        }
        try (DocumentIndex batch = open(new ByteBuffersDirectory());
                DocumentIndex staged = open(new ByteBuffersDirectory())) {
            docs.forEach(batch::upsert);
            batch.commit(Map.of());
            for (int stage = 0; stage < 5; stage++) {
                docs.subList(stage * 80, (stage + 1) * 80).forEach(staged::upsert);
                staged.commit(Map.of("stage", Integer.toString(stage)));
            }
            for (int q = 0; q < 20; q++) {
                String text = words[q % words.length] + " " + words[(q * 3 + 1) % words.length];
                float[] v = docs.get(q).vector();
                for (RetrievalMode mode : RetrievalMode.values()) {
                    SearchRequest request = SearchRequest.of(text, v, mode, 10);
                    assertThat(ids(staged.search(request)))
                            .as("seed %d, query %d, %s", seed, q, mode)
                            .isEqualTo(ids(batch.search(request)));
                }
            }
        }
    }
}
