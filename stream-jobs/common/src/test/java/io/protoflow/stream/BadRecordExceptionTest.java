package io.protoflow.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BadRecordExceptionTest {

    @Test
    void carriesErrorClassMessageAndCause() {
        IllegalStateException cause = new IllegalStateException("boom");

        BadRecordException e = new BadRecordException("MISSING_ID", "id is blank: ''", cause);

        assertThat(e.errorClass()).isEqualTo("MISSING_ID");
        assertThat(e).hasMessage("id is blank: ''").hasCause(cause);
        assertThat(new BadRecordException("OVERSIZED", "too big").getCause()).isNull();
    }

    @Test
    void rejectsABlankErrorClass() {
        assertThatThrownBy(() -> new BadRecordException(" ", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("errorClass must not be blank");
        assertThatThrownBy(() -> new BadRecordException(null, "x"))
                .isInstanceOf(NullPointerException.class);
    }
}
