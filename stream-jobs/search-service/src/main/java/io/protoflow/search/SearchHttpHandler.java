package io.protoflow.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.protoflow.core.index.IndexHit;
import io.protoflow.core.index.RetrievalMode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP endpoints of the search service.
 *
 * <ul>
 *   <li>{@code GET /search?q=TEXT&mode=bm25|dense|hybrid&k=10&topic=N&filter.FIELD=VALUE}: hits as
 *       JSON {@code {"index","mode","totalDocs","tookMicros","hits":[{"id","rank","score",
 *       "title","topic","fields"}]}}; 400 with {@code {"error"}} for a bad query.
 *   <li>{@code GET /health}: {@code {"status","docs","applied","rejected","answered"}}.
 * </ul>
 */
final class SearchHttpHandler {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SearchService service;

    SearchHttpHandler(SearchService service) {
        this.service = service;
    }

    void search(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error("only GET is supported"));
                return;
            }
            Map<String, String> params = params(exchange.getRequestURI().getRawQuery());
            ObjectNode body;
            int status = 200;
            try {
                body = run(params);
            } catch (IllegalArgumentException e) {
                status = 400;
                body = error(e.getMessage());
            }
            send(exchange, status, body);
        }
    }

    private ObjectNode run(Map<String, String> params) {
        String text = params.get("q");
        RetrievalMode mode;
        String modeName = params.getOrDefault("mode", "hybrid");
        try {
            mode = RetrievalMode.valueOf(modeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "mode must be bm25, dense or hybrid, got " + modeName);
        }
        int k = intParam(params, "k", 10);
        String topicParam = params.get("topic");
        Integer topic = topicParam == null ? null : intParam(params, "topic", 0);
        Map<String, String> filters = new HashMap<>();
        params.forEach(
                (name, value) -> {
                    if (name.startsWith("filter.")) {
                        filters.put(name.substring("filter.".length()), value);
                    }
                });
        long t0 = System.nanoTime();
        List<IndexHit> hits = service.search(text, null, mode, k, topic, filters);
        long tookMicros = (System.nanoTime() - t0) / 1000;
        ObjectNode body = JSON.createObjectNode();
        body.put("index", service.indexName());
        body.put("mode", mode.name().toLowerCase(Locale.ROOT));
        body.put("totalDocs", service.size());
        body.put("tookMicros", tookMicros);
        ArrayNode array = body.putArray("hits");
        for (IndexHit h : hits) {
            ObjectNode hit = array.addObject();
            hit.put("id", h.id());
            hit.put("rank", h.rank());
            hit.put("score", h.score());
            hit.put("title", h.title());
            if (h.topic() == null) {
                hit.putNull("topic");
            } else {
                hit.put("topic", h.topic());
            }
            ObjectNode fields = hit.putObject("fields");
            h.fields().forEach(fields::put);
        }
        return body;
    }

    void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode body = JSON.createObjectNode();
            body.put("status", "ok");
            body.put("docs", service.size());
            body.put("applied", service.applied());
            body.put("rejected", service.rejected());
            body.put("answered", service.answered());
            send(exchange, 200, body);
        }
    }

    private static int intParam(Map<String, String> params, String name, int fallback) {
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got " + value);
        }
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(
                    URLDecoder.decode(name, StandardCharsets.UTF_8),
                    URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    private static ObjectNode error(String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", message);
        return body;
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body)
            throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
