package io.protoflow.serving;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The snapshot versions of one model that the serving app holds, oldest first, each with its
 * creation time. Stored beside the snapshots in the global store as a short text ({@code
 * version:createdAtMillis,...}) so that a request looks up which version to serve without decoding
 * any snapshot.
 *
 * @param entries versions in increasing order, distinct (copied)
 */
record VersionIndex(List<Entry> entries) {

    /** One held version. */
    record Entry(long version, long createdAtMillis) {}

    static final VersionIndex EMPTY = new VersionIndex(List.of());

    VersionIndex {
        entries = List.copyOf(entries);
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).version() <= entries.get(i - 1).version()) {
                throw new IllegalArgumentException(
                        "versions must increase, got "
                                + entries.get(i - 1).version()
                                + " then "
                                + entries.get(i).version());
            }
        }
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    boolean contains(long version) {
        return entries.stream().anyMatch(e -> e.version() == version);
    }

    /** The newest version, 0 when empty. */
    long newest() {
        return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).version();
    }

    /** This index with {@code version} added (or its creation time replaced). */
    VersionIndex with(long version, long createdAtMillis) {
        List<Entry> out = new ArrayList<>(entries.size() + 1);
        boolean added = false;
        for (Entry e : entries) {
            if (!added && version <= e.version()) {
                out.add(new Entry(version, createdAtMillis));
                added = true;
                if (version == e.version()) {
                    continue;
                }
            }
            out.add(e);
        }
        if (!added) {
            out.add(new Entry(version, createdAtMillis));
        }
        return new VersionIndex(out);
    }

    /** This index without {@code version}. */
    VersionIndex without(long version) {
        return new VersionIndex(entries.stream().filter(e -> e.version() != version).toList());
    }

    byte[] encode() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(e.version()).append(':').append(e.createdAtMillis());
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static VersionIndex decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return EMPTY;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>();
        for (String part : text.split(",")) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("malformed version index entry '" + part + "'");
            }
            entries.add(
                    new Entry(
                            Long.parseLong(part.substring(0, colon)),
                            Long.parseLong(part.substring(colon + 1))));
        }
        return new VersionIndex(entries);
    }
}
