package io.protoflow.bench.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * How a detector's detections on one stream match its known drifts. Drift {@code i} with centre
 * {@code c} and width {@code w} starts at {@code s = c - w/2} (MOA's sigmoid has blended in about
 * 12% of the new concept there; {@code s = c} when abrupt) and is accepted until {@code c + w/2 +
 * maxDelay}, or until the next drift starts. The first detection in that window detects the drift
 * with delay {@code detection - s}; later ones in the window are repeats; detections outside every
 * window are false alarms, counted against the records outside the windows.
 *
 * @param drifts drifts in the stream
 * @param detected drifts with a detection in their window
 * @param delays the delays of the detected drifts
 * @param repeats detections in a window after its first
 * @param falseAlarms detections outside every window
 * @param quietRecords records outside every window
 */
public record DetectionScore(
        int drifts,
        int detected,
        List<Integer> delays,
        int repeats,
        int falseAlarms,
        long quietRecords) {

    public DetectionScore {
        delays = List.copyOf(delays);
    }

    /**
     * Scores detections.
     *
     * @param detections record indices of the detections, ascending
     * @param centres drift centres, ascending
     * @param width the drift width
     * @param maxDelay records after the end of a transition still accepted
     * @param length records in the stream
     */
    public static DetectionScore of(
            List<Integer> detections, int[] centres, int width, int maxDelay, int length) {
        int n = centres.length;
        long[] start = new long[n];
        long[] end = new long[n];
        for (int i = 0; i < n; i++) {
            start[i] = width <= 1 ? centres[i] : centres[i] - width / 2;
        }
        long windowRecords = 0;
        for (int i = 0; i < n; i++) {
            long e = (long) centres[i] + width / 2 + maxDelay;
            if (i + 1 < n) {
                e = Math.min(e, start[i + 1] - 1);
            }
            end[i] = Math.min(e, length - 1);
            windowRecords += end[i] - start[i] + 1;
        }
        boolean[] hit = new boolean[n];
        List<Integer> delays = new ArrayList<>();
        int repeats = 0;
        int falseAlarms = 0;
        for (int at : detections) {
            int window = -1;
            for (int i = 0; i < n; i++) {
                if (at >= start[i] && at <= end[i]) {
                    window = i;
                    break;
                }
            }
            if (window < 0) {
                falseAlarms++;
            } else if (hit[window]) {
                repeats++;
            } else {
                hit[window] = true;
                delays.add((int) (at - start[window]));
            }
        }
        return new DetectionScore(
                n, delays.size(), delays, repeats, falseAlarms, length - windowRecords);
    }

    /** Sums scores (of seeds or streams). */
    public static DetectionScore sum(List<DetectionScore> scores) {
        int drifts = 0;
        int detected = 0;
        List<Integer> delays = new ArrayList<>();
        int repeats = 0;
        int falseAlarms = 0;
        long quiet = 0;
        for (DetectionScore s : scores) {
            drifts += s.drifts;
            detected += s.detected;
            delays.addAll(s.delays);
            repeats += s.repeats;
            falseAlarms += s.falseAlarms;
            quiet += s.quietRecords;
        }
        return new DetectionScore(drifts, detected, delays, repeats, falseAlarms, quiet);
    }

    /** Drifts without a detection. */
    public int missed() {
        return drifts - detected;
    }

    /** Mean delay of the detected drifts; NaN if none. */
    public double meanDelay() {
        return delays.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
    }

    /** False alarms per 100,000 records outside the drift windows. */
    public double falseAlarmsPer100k() {
        return quietRecords == 0 ? 0 : falseAlarms * 100_000.0 / quietRecords;
    }
}
