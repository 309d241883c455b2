package io.protoflow.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AlertTest {

    private static Alert alert(
            AlertType type, AlertStatus status, OptionalLong resolvedAt, Optional<NovelClass> c) {
        return new Alert(
                "m/" + type + "/d#1/" + status,
                "m/" + type + "/d",
                "m",
                4,
                type,
                AlertSeverity.INFO,
                status,
                "d",
                new AlertWindow(10, 20, 11),
                Map.of("x", 1.0),
                Map.of(),
                "A sentence with 1 number.",
                100,
                resolvedAt,
                c);
    }

    @Test
    void novelClassAlertCarriesItsCandidateAndOthersCannot() {
        NovelClass candidate = new NovelClass(new double[] {0.5, 1.5}, List.of("e1", "e2"), 7);
        Alert a =
                alert(
                        AlertType.NOVEL_CLASS,
                        AlertStatus.RAISED,
                        OptionalLong.empty(),
                        Optional.of(candidate));
        assertThat(a.novelClass()).contains(candidate);
        assertThat(a.novelClass().orElseThrow().prototype()).containsExactly(0.5, 1.5);
        assertThatThrownBy(
                        () ->
                                alert(
                                        AlertType.DRIFT,
                                        AlertStatus.RAISED,
                                        OptionalLong.empty(),
                                        Optional.of(candidate)))
                .hasMessage("novelClass is only for NOVEL_CLASS alerts, got type DRIFT");
        assertThatThrownBy(() -> new NovelClass(new double[] {1}, List.of("a", "b"), 1))
                .hasMessage("size must be >= memberIds.size() 2, got 1");
    }

    @Test
    void resolvedAtIsPresentExactlyOnResolvedEventsAndNotBeforeTheRaise() {
        assertThat(
                        alert(
                                        AlertType.DRIFT,
                                        AlertStatus.RESOLVED,
                                        OptionalLong.of(150),
                                        Optional.empty())
                                .resolvedAtMillis())
                .hasValue(150);
        assertThatThrownBy(
                        () ->
                                alert(
                                        AlertType.DRIFT,
                                        AlertStatus.RAISED,
                                        OptionalLong.of(150),
                                        Optional.empty()))
                .hasMessage(
                        "resolvedAtMillis must be present exactly when status is RESOLVED, got"
                                + " status RAISED and resolvedAtMillis OptionalLong[150]");
        assertThatThrownBy(
                        () ->
                                alert(
                                        AlertType.DRIFT,
                                        AlertStatus.RESOLVED,
                                        OptionalLong.of(50),
                                        Optional.empty()))
                .hasMessage("resolvedAtMillis must be >= raisedAtMillis 100, got 50");
    }
}
