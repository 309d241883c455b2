package io.protoflow.encoder.jsonl;

import java.time.Instant;

/**
 * One good line of a JSON-lines file: its text and label, and its event time when the file has a
 * time field.
 *
 * @param id {@code NAME:LINE}, unique within the file
 * @param line the line number, from 1
 * @param text the text, not blank
 * @param label the class label, not blank
 * @param time the event time, or null without a time field
 */
public record LabelledText(String id, int line, String text, String label, Instant time) {

    public LabelledText {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank, got '" + id + "'");
        }
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1, got " + line);
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("text of line " + line + " must not be blank");
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("label of line " + line + " must not be blank");
        }
    }
}
