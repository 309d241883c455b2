package io.protoflow.bench.eval;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders evaluation results as a markdown report (summary table plus accuracy after each stage),
 * CSV (one row per learner and setting) or JSON (everything, per stage and per class).
 */
public final class Report {

    private Report() {}

    /** The summary table: one row per run. */
    public static String markdownSummary(List<RunResult> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append(
                "| learner | setting | final acc | avg incr acc | forgetting | new-class acc"
                        + " per stage | prequential acc | train ex/s | predictions/s |\n");
        sb.append("|---|---|---:|---:|---:|---|---:|---:|---:|\n");
        for (RunResult r : runs) {
            sb.append("| ")
                    .append(r.learner())
                    .append(" | ")
                    .append(r.setting())
                    .append(" | ")
                    .append(f3(r.finalAccuracy()))
                    .append(" | ")
                    .append(r.stages().size() == 1 ? "-" : f3(r.averageIncrementalAccuracy()))
                    .append(" | ")
                    .append(f3(r.forgetting()))
                    .append(" | ")
                    .append(newClassAccuracies(r))
                    .append(" | ")
                    .append(f3(r.prequentialAccuracy()))
                    .append(" | ")
                    .append(rate(r.trainPerSecond()))
                    .append(" | ")
                    .append(rate(r.predictPerSecond()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /** Accuracy on all seen classes after each stage, one row per class-incremental run. */
    public static String markdownStages(List<RunResult> runs) {
        List<RunResult> incremental =
                runs.stream().filter(r -> r.setting().equals("class-incremental")).toList();
        if (incremental.isEmpty()) {
            return "";
        }
        List<StageResult> first = incremental.get(0).stages();
        StringBuilder sb = new StringBuilder("| learner |");
        for (StageResult s : first) {
            sb.append(" after stage ")
                    .append(s.index() + 1)
                    .append(" (")
                    .append(String.join(",", s.newClasses()))
                    .append(s.fewShot() ? ", few-shot" : "")
                    .append(") |");
        }
        sb.append("\n|---|");
        sb.append("---:|".repeat(first.size()));
        sb.append('\n');
        for (RunResult r : incremental) {
            sb.append("| ").append(r.learner()).append(" |");
            for (StageResult s : r.stages()) {
                sb.append(' ').append(f3(s.accuracy())).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** CSV with a header: one row per run. */
    public static String csv(List<RunResult> runs) {
        StringBuilder sb =
                new StringBuilder(
                        "learner,setting,final_accuracy,average_incremental_accuracy,forgetting,"
                                + "new_class_accuracy_per_stage,prequential_accuracy,"
                                + "train_per_second,predictions_per_second\n");
        for (RunResult r : runs) {
            sb.append('"')
                    .append(r.learner().replace("\"", "\"\""))
                    .append("\",")
                    .append(r.setting())
                    .append(',')
                    .append(csvNum(r.finalAccuracy()))
                    .append(',')
                    .append(csvNum(r.averageIncrementalAccuracy()))
                    .append(',')
                    .append(csvNum(r.forgetting()))
                    .append(",\"")
                    .append(
                            r.stages().stream()
                                    .map(s -> csvNum(s.newClassAccuracy()))
                                    .collect(Collectors.joining(";")))
                    .append("\",")
                    .append(csvNum(r.prequentialAccuracy()))
                    .append(',')
                    .append(csvNum(r.trainPerSecond()))
                    .append(',')
                    .append(csvNum(r.predictPerSecond()))
                    .append('\n');
        }
        return sb.toString();
    }

    /** JSON with the command, the summary metrics, and per-stage, per-class accuracies. */
    public static String json(String command, List<RunResult> runs) {
        StringBuilder sb = new StringBuilder("{\n  \"command\": ").append(str(command));
        sb.append(",\n  \"runs\": [");
        String sep = "\n";
        for (RunResult r : runs) {
            sb.append(sep).append("    {\"learner\": ").append(str(r.learner()));
            sb.append(", \"setting\": ").append(str(r.setting()));
            sb.append(", \"finalAccuracy\": ").append(num(r.finalAccuracy()));
            sb.append(", \"averageIncrementalAccuracy\": ")
                    .append(num(r.averageIncrementalAccuracy()));
            sb.append(", \"forgetting\": ").append(num(r.forgetting()));
            sb.append(", \"prequentialAccuracy\": ").append(num(r.prequentialAccuracy()));
            sb.append(", \"trainPerSecond\": ").append(num(r.trainPerSecond()));
            sb.append(", \"predictionsPerSecond\": ").append(num(r.predictPerSecond()));
            sb.append(", \"stages\": [");
            String ssep = "";
            for (StageResult s : r.stages()) {
                sb.append(ssep).append("{\"index\": ").append(s.index());
                sb.append(", \"newClasses\": [")
                        .append(
                                s.newClasses().stream()
                                        .map(Report::str)
                                        .collect(Collectors.joining(", ")))
                        .append(']');
                sb.append(", \"fewShot\": ").append(s.fewShot());
                sb.append(", \"trainExamples\": ").append(s.trainExamples());
                sb.append(", \"accuracy\": ").append(num(s.accuracy()));
                sb.append(", \"newClassAccuracy\": ").append(num(s.newClassAccuracy()));
                sb.append(", \"classAccuracy\": {")
                        .append(
                                s.classAccuracy().entrySet().stream()
                                        .map(e -> str(e.getKey()) + ": " + num(e.getValue()))
                                        .collect(Collectors.joining(", ")))
                        .append("}}");
                ssep = ", ";
            }
            sb.append("]}");
            sep = ",\n";
        }
        sb.append("\n  ]\n}\n");
        return sb.toString();
    }

    private static String newClassAccuracies(RunResult r) {
        if (r.stages().size() == 1) {
            return "-";
        }
        return r.stages().stream()
                .map(s -> f3(s.newClassAccuracy()) + (s.fewShot() ? " (few-shot)" : ""))
                .collect(Collectors.joining(" / "));
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String rate(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v)
                ? "null"
                : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String csvNum(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
