package dev.carbonledger.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportRangeTest {

    @Test
    void shouldTakeDatesAsWholeUtcDaysBothInclusive() {
        ReportRange range = ReportRange.parse("2024-03-01", "2024-03-31");

        assertThat(range.from()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(range.to()).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
        assertThat(range.contains(Instant.parse("2024-03-31T23:59:59.999Z"))).isTrue();
        assertThat(range.contains(Instant.parse("2024-04-01T00:00:00Z"))).isFalse();
    }

    @Test
    void shouldTakeASingleDayAsThatDay() {
        ReportRange range = ReportRange.parse("2024-03-01", "2024-03-01");

        assertThat(range.to()).isEqualTo(Instant.parse("2024-03-02T00:00:00Z"));
    }

    @Test
    void shouldTakeInstantsAsTheyAreWithTheEndExclusive() {
        ReportRange range = ReportRange.parse("2024-03-01T10:00:00Z", "2024-03-01T12:30:00+02:00");

        assertThat(range.from()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(range.to()).isEqualTo(Instant.parse("2024-03-01T10:30:00Z"));
        assertThat(range.contains(range.to())).isFalse();
        assertThat(range.contains(range.from())).isTrue();
    }

    @Test
    void shouldAcceptTheOtherRfc3339Separators() {
        ReportRange range = ReportRange.parse("2024-03-01 10:00:00z", "2024-03-01t11:00:00.5+00:00");

        assertThat(range.from()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(range.to()).isEqualTo(Instant.parse("2024-03-01T11:00:00.500Z"));
    }

    @Test
    void shouldMixADateAndAnInstant() {
        ReportRange range = ReportRange.parse("2024-03-01T06:00:00Z", "2024-03-01");

        assertThat(range.to()).isEqualTo(Instant.parse("2024-03-02T00:00:00Z"));
    }

    @Test
    void shouldRejectAnEmptyRange() {
        assertThatThrownBy(() -> ReportRange.parse("2024-03-02", "2024-03-01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--to must be after --from");
        assertThatThrownBy(() -> ReportRange.parse("2024-03-01T10:00:00Z", "2024-03-01T10:00:00Z"))
                .hasMessageContaining("is empty");
    }

    @Test
    void shouldNameEveryBadEndAndTheAcceptedForms() {
        assertThatThrownBy(() -> ReportRange.parse("yesterday", "2024-03-01T25:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--from 'yesterday' is not a date YYYY-MM-DD or an RFC 3339 instant")
                .hasMessageContaining("--to '2024-03-01T25:00:00Z' is not an RFC 3339 instant");
        assertThatThrownBy(() -> ReportRange.parse("2024-02-30", "2024-03-01"))
                .hasMessageContaining("--from '2024-02-30' is not a date");
        assertThatThrownBy(() -> ReportRange.parse("2024-03-01T10:00:00", "2024-03-02"))
                .hasMessageContaining("with an offset");
    }

    @Test
    void shouldTellWhetherAPeriodOverlaps() {
        ReportRange range = ReportRange.parse("2024-03-02", "2024-03-02");

        assertThat(range.overlaps(Instant.parse("2024-03-01T00:00:00Z"), Instant.parse("2024-03-02T00:00:00Z"))).isFalse();
        assertThat(range.overlaps(Instant.parse("2024-02-26T00:00:00Z"), Instant.parse("2024-03-04T00:00:00Z"))).isTrue();
        assertThat(range.overlaps(Instant.parse("2024-03-03T00:00:00Z"), Instant.parse("2024-03-04T00:00:00Z"))).isFalse();
    }
}
