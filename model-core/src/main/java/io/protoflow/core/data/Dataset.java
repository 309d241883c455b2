package io.protoflow.core.data;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named, in-memory list of labelled vectors of one dimension, in source order. Immutable.
 *
 * @param name a short name for logs and reports, e.g. {@code "digits"}
 * @param dimension the number of features of every row, >= 1
 * @param rows the examples (copied)
 */
public record Dataset(String name, int dimension, List<LabelledVector> rows) {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    public Dataset {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name is blank: '" + name + "'");
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (rows == null) {
            throw new IllegalArgumentException("rows is null");
        }
        rows = List.copyOf(rows);
        for (int i = 0; i < rows.size(); i++) {
            LabelledVector row = rows.get(i);
            if (row.dimension() != dimension) {
                throw new IllegalArgumentException(
                        "rows["
                                + i
                                + "] ('"
                                + row.id()
                                + "') has dimension "
                                + row.dimension()
                                + ", dataset has "
                                + dimension);
            }
        }
    }

    /** The number of rows. */
    public int size() {
        return rows.size();
    }

    /**
     * The distinct labels, in numeric order when every label is an integer ({@code "2"} before
     * {@code "10"}), else in lexical order.
     */
    public List<String> labels() {
        Set<String> distinct = new LinkedHashSet<>();
        for (LabelledVector row : rows) {
            distinct.add(row.label());
        }
        List<String> labels = new ArrayList<>(distinct);
        boolean numeric = labels.stream().allMatch(l -> INTEGER.matcher(l).matches());
        Comparator<String> order =
                numeric
                        ? Comparator.<String, BigInteger>comparing(BigInteger::new)
                                .thenComparing(Comparator.naturalOrder())
                        : Comparator.naturalOrder();
        labels.sort(order);
        return List.copyOf(labels);
    }
}
