package io.protoflow.serving.dashboard;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes compact JSON into a string: the dashboard's state and the admin endpoints' answers. Not a
 * general JSON library (the app reads no JSON); non-finite numbers are written as {@code null}, the
 * only JSON they can be.
 */
final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    // Per open container: whether something was written into it already.
    private final Deque<Boolean> written = new ArrayDeque<>();
    private boolean afterName;

    JsonWriter beginObject() {
        separate();
        out.append('{');
        written.push(false);
        return this;
    }

    JsonWriter endObject() {
        written.pop();
        out.append('}');
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        written.push(false);
        return this;
    }

    JsonWriter endArray() {
        written.pop();
        out.append(']');
        return this;
    }

    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        return this;
    }

    JsonWriter value(double value) {
        separate();
        if (Double.isFinite(value)) {
            out.append(value);
        } else {
            out.append("null");
        }
        return this;
    }

    JsonWriter value(Number value) {
        if (value == null) {
            separate();
            out.append("null");
            return this;
        }
        return value instanceof Double || value instanceof Float
                ? value(value.doubleValue())
                : value(value.longValue());
    }

    JsonWriter value(boolean value) {
        separate();
        out.append(value);
        return this;
    }

    JsonWriter field(String name, String value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, long value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, double value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, Number value) {
        return name(name).value(value);
    }

    JsonWriter field(String name, boolean value) {
        return name(name).value(value);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!written.isEmpty()) {
            if (written.peek()) {
                out.append(',');
            } else {
                written.pop();
                written.push(true);
            }
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                // '<' escaped so a value can never close a script element it is embedded in.
                case '<' -> out.append("\\u003c");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
