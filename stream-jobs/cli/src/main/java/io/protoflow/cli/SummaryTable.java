package io.protoflow.cli;

import io.protoflow.core.data.Stage;
import io.protoflow.core.eval.PrequentialAccuracy;
import io.protoflow.schemas.ClassState;
import io.protoflow.schemas.ModelSnapshot;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** The end-of-run summary: accuracy per stage, the final model, dead letters, throughput. */
final class SummaryTable {

    private final ProgressMonitor monitor;
    private final double seconds;
    private final Replayer replayer;

    SummaryTable(ProgressMonitor monitor, double seconds, Replayer replayer) {
        this.monitor = monitor;
        this.seconds = seconds;
        this.replayer = replayer;
    }

    void print(PrintWriter out) {
        out.println();
        out.println("Summary");
        out.println("-------");
        out.printf("%-7s %-24s %9s %16s%n", "stage", "classes", "examples", "prequential acc");
        for (Map.Entry<String, PrequentialAccuracy> e : monitor.byStage().entrySet()) {
            List<String> classes = stageClasses(e.getKey());
            out.printf(
                    "%-7s %-24s %9d %16.3f%n",
                    e.getKey(),
                    abbreviate(String.join(",", classes), 24),
                    e.getValue().total(),
                    e.getValue().accuracy());
        }
        PrequentialAccuracy all = monitor.accuracy();
        out.printf("%-7s %-24s %9d %16.3f%n", "all", "", all.total(), all.accuracy());
        out.println();
        ModelSnapshot s = monitor.latestSnapshot();
        if (s == null) {
            out.println("Final model: no snapshot was published");
        } else {
            long learned = s.getClasses().stream().mapToLong(ClassState::getCount).sum();
            out.printf(
                    "Final model: '%s' version %d (%s, d=%d), %d classes, %d examples learned%n",
                    s.getModelId(),
                    s.getVersion(),
                    s.getLearner().getType(),
                    s.getLearner().getDimension(),
                    s.getClasses().size(),
                    learned);
        }
        out.printf(
                "Predictions: %d  |  dead letters: %d%s%n",
                monitor.predictions(),
                monitor.deadLetters(),
                monitor.deadLettersByClass().isEmpty() ? "" : " " + monitor.deadLettersByClass());
        out.printf(
                "Replayed %d records; the last prediction was committed %.1f s after the start%n",
                replayer.produced(), seconds);
        out.flush();
    }

    /** The classes of a stage as the replay defined them, else in order of appearance. */
    private List<String> stageClasses(String stage) {
        for (Stage s : replayer.stages()) {
            if (Integer.toString(s.index() + 1).equals(stage)) {
                return s.classes();
            }
        }
        return monitor.stageClasses().getOrDefault(stage, List.of());
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
