package io.protoflow.bench.eval;

import io.protoflow.core.learn.Learner;
import io.protoflow.core.learn.Learners;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A learner named on the command line as {@code type} or {@code type:key=value,key=value}, e.g.
 * {@code ncm:metric=cosine} or {@code random-features:outputDimension=2048,inner=streaming-lda}.
 * The type and parameters go to {@link Learners#create} unchanged, so unknown types and parameters
 * fail with the learner factory's own message.
 *
 * @param type the learner type name, not blank
 * @param params parameters in the order given (copied, unmodifiable)
 */
public record LearnerSpec(String type, Map<String, String> params) {

    public LearnerSpec {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("learner type is blank: '" + type + "'");
        }
        if (params == null) {
            throw new IllegalArgumentException("params is null");
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /**
     * Parses one spec: {@code type[:key=value[,key=value]...]}. Whitespace around names and values
     * is trimmed.
     *
     * @throws IllegalArgumentException naming the spec and the fault: a blank type, a parameter
     *     without {@code =}, an empty key or a duplicate key
     */
    public static LearnerSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("learner spec is blank: '" + spec + "'");
        }
        int colon = spec.indexOf(':');
        String type = (colon < 0 ? spec : spec.substring(0, colon)).trim();
        if (type.isEmpty()) {
            throw new IllegalArgumentException("learner spec '" + spec + "' has no type");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (colon >= 0) {
            String rest = spec.substring(colon + 1);
            if (rest.isBlank()) {
                throw new IllegalArgumentException(
                        "learner spec '" + spec + "' has ':' but no parameters");
            }
            for (String pair : rest.split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException(
                            "learner spec '"
                                    + spec
                                    + "': parameter '"
                                    + pair.trim()
                                    + "' is not key=value");
                }
                String key = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                if (key.isEmpty()) {
                    throw new IllegalArgumentException(
                            "learner spec '"
                                    + spec
                                    + "': parameter '"
                                    + pair.trim()
                                    + "' has no key");
                }
                if (params.putIfAbsent(key, value) != null) {
                    throw new IllegalArgumentException(
                            "learner spec '" + spec + "': duplicate parameter '" + key + "'");
                }
            }
        }
        return new LearnerSpec(type, params);
    }

    /**
     * Parses a list of specs separated by commas or semicolons, where a comma-separated piece that
     * contains {@code =} but no {@code :} continues the parameters of the spec before it. So {@code
     * ncm,ncm:metric=cosine,random-features:outputDimension=2048,inner=streaming-lda} is three
     * specs. Semicolons always separate specs.
     *
     * @throws IllegalArgumentException for an empty list, a parameter with no spec before it, or
     *     any fault {@link #parse} reports
     */
    public static List<LearnerSpec> parseList(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("learner list is blank: '" + list + "'");
        }
        List<String> specs = new ArrayList<>();
        for (String group : list.split(";")) {
            if (group.isBlank()) {
                continue;
            }
            StringBuilder current = null;
            for (String piece : group.split(",", -1)) {
                boolean continuation = piece.contains("=") && !piece.contains(":");
                if (continuation) {
                    if (current == null) {
                        throw new IllegalArgumentException(
                                "learner list '"
                                        + list
                                        + "': parameter '"
                                        + piece.trim()
                                        + "' comes before any learner type");
                    }
                    current.append(',').append(piece);
                } else {
                    if (current != null) {
                        specs.add(current.toString());
                    }
                    current = new StringBuilder(piece);
                }
            }
            if (current != null) {
                specs.add(current.toString());
            }
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("learner list '" + list + "' names no learner");
        }
        return specs.stream().map(LearnerSpec::parse).toList();
    }

    /**
     * Creates the empty learner this spec names.
     *
     * @throws IllegalArgumentException from {@link Learners#create} for an unknown type or
     *     parameter
     */
    public Learner create(int dimension) {
        return Learners.create(type, dimension, params);
    }

    /** The spec in its canonical text form, {@code type} or {@code type:k=v,k=v}. */
    @Override
    public String toString() {
        if (params.isEmpty()) {
            return type;
        }
        StringBuilder sb = new StringBuilder(type).append(':');
        String sep = "";
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = ",";
        }
        return sb.toString();
    }
}
