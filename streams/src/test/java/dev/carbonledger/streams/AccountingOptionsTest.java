package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AccountingOptionsTest {
    @Test
    void shouldHaveContractDefaults() {
        AccountingOptions o = AccountingOptions.defaults();
        assertThat(o.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(o.defaultIntensity()).isEqualTo(475.0);
        assertThat(o.defaultPue()).isEqualTo(1.0);
        assertThat(o.topics().samples()).isEqualTo("carbon.energy.samples");
    }

    @Test
    void shouldReportAllErrorsAtOnce() {
        assertThatThrownBy(() -> AccountingOptions.builder().window(Duration.ZERO).grace(Duration.ofSeconds(-1))
                .defaultIntensity(Double.NaN).defaultPue(0.5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window must be at least 1 ms")
                .hasMessageContaining("grace must not be negative")
                .hasMessageContaining("defaultIntensity")
                .hasMessageContaining("defaultPue");
    }

    @Test
    void shouldRequireHourlyWindowToBeAMultipleOfWindow() {
        assertThatThrownBy(() -> AccountingOptions.builder().window(Duration.ofSeconds(7)).build())
                .hasMessageContaining("multiple of window");
    }

    @Test
    void shouldNeverCloseOrExpireForReplay() {
        AccountingOptions o = AccountingOptions.forReplay(dev.carbonledger.schemas.topics.TopicNames.defaults(), Duration.ofSeconds(30));
        assertThat(o.windowsClose()).isFalse();
        assertThat(o.seriesExpire()).isFalse();
        assertThat(o.maxFutureSkew()).isEqualTo(AccountingOptions.NEVER);
        assertThat(o.window()).isEqualTo(Duration.ofSeconds(30));
    }
}
