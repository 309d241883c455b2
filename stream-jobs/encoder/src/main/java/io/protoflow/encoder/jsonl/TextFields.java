package io.protoflow.encoder.jsonl;

/**
 * Where a JSON line keeps its text, its label and, optionally, its event time. A field is a
 * top-level member name ({@code body}) or a JSON Pointer into nested objects ({@code /meta/topic}).
 *
 * @param text the field holding the text, a non-empty string
 * @param label the field holding the class label (a string, number or boolean)
 * @param time the field holding the event time, or null when the file order is the stream order
 */
public record TextFields(String text, String label, String time) {

    public TextFields {
        requireName("text", text);
        requireName("label", label);
        if (time != null) {
            requireName("time", time);
        }
        if (text.equals(label) || text.equals(time) || label.equals(time)) {
            throw new IllegalArgumentException(
                    "text, label and time fields must differ, got text '"
                            + text
                            + "', label '"
                            + label
                            + "', time "
                            + (time == null ? "none" : "'" + time + "'"));
        }
    }

    /** Fields without a time: the stream keeps the file's order. */
    public static TextFields of(String text, String label) {
        return new TextFields(text, label, null);
    }

    /** Whether the texts are ordered by a time field. */
    public boolean hasTime() {
        return time != null;
    }

    private static void requireName(String what, String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    what + " field must not be blank, got '" + name + "'");
        }
        if (name.startsWith("/") && name.length() == 1) {
            throw new IllegalArgumentException(
                    what + " field '/' points at the whole line, not at a field");
        }
    }
}
