package io.protoflow.core.data;

import java.util.List;

/**
 * One stage of a class-incremental stream: the classes it introduces and its rows, in stream order.
 *
 * @param index the stage's position, from 0
 * @param classes the classes first seen in this stage (copied)
 * @param rows the examples of those classes, shuffled (copied)
 */
public record Stage(int index, List<String> classes, List<LabelledVector> rows) {

    public Stage {
        if (index < 0) {
            throw new IllegalArgumentException("index must be >= 0, got " + index);
        }
        if (classes == null || rows == null) {
            throw new IllegalArgumentException("classes and rows must not be null");
        }
        classes = List.copyOf(classes);
        rows = List.copyOf(rows);
    }
}
