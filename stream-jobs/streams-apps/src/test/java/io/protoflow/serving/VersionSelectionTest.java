package io.protoflow.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelControlAction;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VersionSelectionTest {

    // versions 3, 5, 8 created at 300, 500, 800
    private static final VersionIndex HELD =
            VersionIndex.EMPTY.with(5, 500).with(3, 300).with(8, 800);

    private static ModelControl control(ModelControlAction action, Long version, long issuedAt) {
        return ModelControl.newBuilder()
                .setModelId("m")
                .setAction(action)
                .setVersion(version)
                .setIssuedBy("t")
                .setIssuedAt(Instant.ofEpochMilli(issuedAt))
                .build();
    }

    @Test
    void indexKeepsVersionsInOrderAndRoundTripsThroughItsText() {
        assertThat(HELD.entries())
                .extracting(VersionIndex.Entry::version)
                .containsExactly(3L, 5L, 8L);
        assertThat(new String(HELD.encode(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("3:300,5:500,8:800");
        assertThat(VersionIndex.decode(HELD.encode())).isEqualTo(HELD);
        assertThat(HELD.with(5, 555).entries()).hasSize(3).contains(new VersionIndex.Entry(5, 555));
        assertThat(HELD.without(5).newest()).isEqualTo(8);
        assertThat(VersionIndex.decode(null)).isEqualTo(VersionIndex.EMPTY);
        assertThatThrownBy(() -> VersionIndex.decode("3-300".getBytes()))
                .hasMessageContaining("malformed version index entry '3-300'");
    }

    @Test
    void withoutCommandOrAfterUnpinTheNewestIsServed() {
        assertThat(VersionSelection.select(HELD, null))
                .isEqualTo(new VersionSelection(8, false, null, true));
        assertThat(VersionSelection.select(HELD, control(ModelControlAction.UNPIN, null, 0)))
                .isEqualTo(new VersionSelection(8, false, null, true));
        assertThat(VersionSelection.select(HELD, control(ModelControlAction.UNKNOWN, 3L, 0)))
                .isEqualTo(new VersionSelection(8, false, null, true));
    }

    @Test
    void pinServesTheHeldVersionOrTheNewestHeldBelowIt() {
        assertThat(VersionSelection.select(HELD, control(ModelControlAction.PIN, 5L, 0)))
                .isEqualTo(new VersionSelection(5, true, 5L, true));
        assertThat(VersionSelection.select(HELD, control(ModelControlAction.ROLLBACK, 7L, 0)))
                .isEqualTo(new VersionSelection(5, true, 7L, false));
        assertThat(VersionSelection.select(HELD, control(ModelControlAction.PIN, 2L, 0)))
                .isEqualTo(new VersionSelection(3, true, 2L, false));
        assertThat(VersionSelection.select(HELD, control(ModelControlAction.PIN, 99L, 0)))
                .isEqualTo(new VersionSelection(8, true, 99L, false));
    }

    @Test
    void rollbackWithoutVersionGoesBackOneFromTheNewestAtIssueTime() {
        assertThat(VersionSelection.select(HELD, control(ModelControlAction.ROLLBACK, null, 900)))
                .isEqualTo(new VersionSelection(5, true, null, true));
        assertThat(VersionSelection.select(HELD, control(ModelControlAction.ROLLBACK, null, 600)))
                .isEqualTo(new VersionSelection(3, true, null, true));
        // nothing before the newest at issue time: the oldest held
        assertThat(VersionSelection.select(HELD, control(ModelControlAction.ROLLBACK, null, 400)))
                .isEqualTo(new VersionSelection(3, true, null, false));
    }

    @Test
    void noSnapshotMeansVersionZero() {
        assertThat(VersionSelection.select(VersionIndex.EMPTY, null).version()).isZero();
        assertThat(
                        VersionSelection.select(
                                VersionIndex.EMPTY, control(ModelControlAction.PIN, 4L, 0)))
                .isEqualTo(new VersionSelection(0, true, 4L, true));
    }

    @Test
    void commandsAreValidatedWhenBuilt() {
        Instant t = Instant.EPOCH;
        assertThatThrownBy(
                        () ->
                                ModelControlWriter.command(
                                        "m", ModelControlAction.PIN, null, null, "me", t))
                .hasMessage("PIN needs a version");
        assertThatThrownBy(
                        () ->
                                ModelControlWriter.command(
                                        "m", ModelControlAction.ROLLBACK, 0L, null, "me", t))
                .hasMessage("version must be >= 1, got 0");
        assertThatThrownBy(
                        () ->
                                ModelControlWriter.command(
                                        " ", ModelControlAction.UNPIN, null, null, "me", t))
                .hasMessage("modelId must not be blank, got ' '");
        assertThatThrownBy(
                        () ->
                                ModelControlWriter.command(
                                        "m", ModelControlAction.UNPIN, 3L, null, "me", t))
                .hasMessage("UNPIN takes no version, got 3");
        assertThat(
                        ModelControlWriter.command(
                                        "m", ModelControlAction.ROLLBACK, null, "bad", "me", t)
                                .getVersion())
                .isNull();
    }

    @Test
    void configsNameTheBadFieldAndValue() {
        assertThatThrownBy(() -> ServingConfig.defaults().withRetainedVersions(0))
                .hasMessage("retainedVersions must be >= 1, got 0");
        assertThatThrownBy(
                        () ->
                                new ServingConfig(
                                        "",
                                        0,
                                        1,
                                        io.protoflow.serving.ood.OodScoring.minDistance()))
                .hasMessage("topK must be >= 1, got 0");
        assertThatThrownBy(() -> ServingSettings.defaults("k:9092").withHttp(70000, null))
                .hasMessage("httpPort must be in [0, 65535], got 70000");
        assertThatThrownBy(() -> ServingSettings.defaults("k:9092").withHttp(0, "short"))
                .hasMessage("adminToken must have at least 16 characters, got 5");
        // the token never appears
        assertThat(ServingSettings.defaults("k:9092").withHttp(0, "0123456789abcdef-secret"))
                .hasToString(
                        "ServingSettings[serving="
                                + ServingConfig.defaults()
                                + ", bootstrapServers=k:9092, applicationId=protoflow-serving,"
                                + " kafkaProperties=[], stateDir=null, bind=127.0.0.1:0,"
                                + " admin=enabled]");
    }
}
