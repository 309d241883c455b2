package io.protoflow.serving.ops;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the metric names a PromQL expression reads: what is left after removing strings, label
 * matchers, ranges, grouping clauses, template variables, numbers, functions and operators. Enough
 * for the expressions of a Grafana dashboard, not a PromQL parser.
 */
final class PromQl {

    private static final Set<String> KEYWORDS =
            Set.of(
                    "sum",
                    "avg",
                    "min",
                    "max",
                    "count",
                    "stddev",
                    "stdvar",
                    "topk",
                    "bottomk",
                    "quantile",
                    "count_values",
                    "group",
                    "by",
                    "without",
                    "and",
                    "or",
                    "unless",
                    "bool",
                    "offset",
                    "on",
                    "ignoring",
                    "group_left",
                    "group_right",
                    "inf",
                    "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private PromQl() {}

    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
        s = s.replaceAll("\\{[^}]*}", " ");
        s = s.replaceAll("\\[[^]]*]", " ");
        s =
                s.replaceAll(
                        "(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)",
                        " ");
        s = s.replaceAll("\\$\\{?\\w+}?", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String name = m.group();
            int after = m.end();
            while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
                after++;
            }
            boolean function = after < s.length() && s.charAt(after) == '(';
            boolean partOfNumber = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!function && !partOfNumber && !KEYWORDS.contains(name.toLowerCase())) {
                names.add(name);
            }
        }
        return names;
    }
}
