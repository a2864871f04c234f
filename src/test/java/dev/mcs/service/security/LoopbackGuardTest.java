package dev.mcs.service.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "localhost"})
    void the_local_mode_starts_when_the_server_listens_on_loopback_only(String address) {
        assertThatCode(() -> LoopbackGuard.check(AuthProperties.Mode.DISABLED, address)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0.0.0.0", "::", "10.1.2.3", "no-such-host.invalid"})
    void the_local_mode_is_refused_on_any_other_address(String address) {
        assertThatThrownBy(() -> LoopbackGuard.check(AuthProperties.Mode.DISABLED, address))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("MCS_BIND_ADDRESS=127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1"})
    void keys_required_start_on_any_address(String address) {
        assertThatCode(() -> LoopbackGuard.check(AuthProperties.Mode.ENABLED, address)).doesNotThrowAnyException();
    }
}
