package io.protoflow.cli;

import io.protoflow.schemas.ModelSnapshot;
import java.io.PrintWriter;

/** Prints one progress line a second: throughput, prequential accuracy, classes, snapshot. */
final class ProgressPrinter {

    private final PrintWriter out;
    private final ProgressMonitor monitor;
    private final Replayer replayer;
    private final long startNanos = System.nanoTime();
    private long lastPrintNanos = startNanos;
    private long lastPredictions;

    ProgressPrinter(PrintWriter out, ProgressMonitor monitor, Replayer replayer) {
        this.out = out;
        this.monitor = monitor;
        this.replayer = replayer;
    }

    /**
     * Prints a line if a second has passed since the last one; when {@code force}, prints now
     * unless nothing changed since the last line.
     */
    void maybePrint(boolean force) {
        long now = System.nanoTime();
        double sinceLast = (now - lastPrintNanos) / 1e9;
        long predictions = monitor.predictions();
        if (force
                ? predictions == lastPredictions && lastPrintNanos != startNanos
                : sinceLast < 1.0) {
            return;
        }
        double perSecond = sinceLast > 0 ? (predictions - lastPredictions) / sinceLast : 0;
        ModelSnapshot snapshot = monitor.latestSnapshot();
        var acc = monitor.accuracy();
        out.printf(
                "[%6.1fs] stage %s | produced %6d | predictions %6d (%6.0f/s) | prequential acc %s"
                        + " (last %d: %s) | classes %3s | snapshot %5s | dead letters %d%n",
                elapsedSeconds(),
                replayer.currentStage() == 0
                        ? "-"
                        : replayer.currentStage() + "/" + replayer.stages().size(),
                replayer.produced(),
                predictions,
                perSecond,
                acc.total() == 0 ? "  -  " : String.format("%.3f", acc.accuracy()),
                acc.window(),
                acc.total() == 0 ? "  -  " : String.format("%.3f", acc.recentAccuracy()),
                snapshot == null ? "-" : Integer.toString(snapshot.getClasses().size()),
                snapshot == null ? "-" : "v" + snapshot.getVersion(),
                monitor.deadLetters());
        out.flush();
        lastPrintNanos = now;
        lastPredictions = predictions;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Seconds from the start to when the last prediction was read, 0 if none was. */
    double secondsToLastPrediction() {
        long last = monitor.lastPredictionNanos();
        return last == 0 ? 0 : (last - startNanos) / 1e9;
    }
}
