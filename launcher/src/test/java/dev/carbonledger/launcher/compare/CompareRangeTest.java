package dev.carbonledger.launcher.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CompareRangeTest {
    private static final Instant NOW = Instant.parse("2026-11-30T17:00:00Z");

    @Test
    void shouldReadRelativeTimesAgainstNow() {
        assertThat(CompareRange.parse("-24h", "now", NOW))
                .isEqualTo(new CompareRange(Instant.parse("2026-11-29T17:00:00Z"), NOW));
        assertThat(CompareRange.parse("-7d", "-90m", NOW))
                .isEqualTo(new CompareRange(Instant.parse("2026-11-23T17:00:00Z"), Instant.parse("2026-11-30T15:30:00Z")));
    }

    @Test
    void shouldReadInstantsWithOffsetsAndDates() {
        CompareRange r = CompareRange.parse("2026-11-30T08:00:00+02:00", "2026-12-01", NOW);
        assertThat(r.from()).isEqualTo(Instant.parse("2026-11-30T06:00:00Z"));
        assertThat(r.to()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }

    @Test
    void shouldCountOnlyWindowsFullyInside() {
        CompareRange r = new CompareRange(NOW, NOW.plusSeconds(120));
        assertThat(r.holds(NOW, NOW.plusSeconds(60))).isTrue();
        assertThat(r.holds(NOW.plusSeconds(60), NOW.plusSeconds(120))).isTrue();
        assertThat(r.holds(NOW.minusSeconds(30), NOW.plusSeconds(30))).isFalse();
        assertThat(r.holds(NOW.plusSeconds(90), NOW.plusSeconds(150))).isFalse();
    }

    @Test
    void shouldReportEveryBadEndAndTheEmptyRange() {
        assertThatThrownBy(() -> CompareRange.parse("yesterday", "24h", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--from 'yesterday' is not")
                .hasMessageContaining("--to '24h' is not");
        assertThatThrownBy(() -> CompareRange.parse("-1h", "-2h", NOW))
                .hasMessageContaining("the range is empty");
        assertThatThrownBy(() -> CompareRange.parse("now", "now", NOW))
                .hasMessageContaining("the range is empty");
    }
}
