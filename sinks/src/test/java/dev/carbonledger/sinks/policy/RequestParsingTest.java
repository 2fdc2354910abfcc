package dev.carbonledger.sinks.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Query strings and typed parameter values, without HTTP. */
class RequestParsingTest {

    @Test
    void shouldDecodeRepeatedAndEscapedParametersWhenParsingAQueryString() {
        QueryParams q = QueryParams.parse("location=DE&location=FR%2DX&team=ml+platform&empty=&flag");

        assertThat(q.all("location")).containsExactly("DE", "FR-X");
        assertThat(q.first("team")).contains("ml platform");
        assertThat(q.first("empty")).isEmpty();
        assertThat(q.has("empty")).isTrue();
        assertThat(q.has("flag")).isTrue();
        assertThat(q.has("missing")).isFalse();
    }

    @Test
    void shouldAnswer400WhenAnEscapeIsMalformed() {
        assertThatThrownBy(() -> QueryParams.parse("team=%zz"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("not well encoded");
    }

    @Test
    void shouldNameTheParameterAndWhatIsExpectedWhenARequiredOneIsBlank() {
        QueryParams q = QueryParams.parse("team=%20%20");

        assertThatThrownBy(() -> q.required("team", "the team whose budget gates the work"))
                .isInstanceOf(ApiException.class)
                .hasMessage("team is required: the team whose budget gates the work");
    }

    @ParameterizedTest
    @CsvSource({
            "90m, PT1H30M", "4h, PT4H", "30s, PT30S", "1h30m, PT1H30M", "2d, PT48H", "500ms, PT0.5S",
            "PT4H, PT4H", "pt15m, PT15M", "P1D, PT24H"})
    void shouldParseDurationsWhenWrittenShortOrInIso8601(String text, String iso) {
        assertThat(ParamValues.duration("duration", text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"4", "4 h", "h", "-4h", "4w", "PT", "1.5h", "99999999999h"})
    void shouldAnswer400NamingTheParameterWhenADurationIsUnparseable(String text) {
        assertThatThrownBy(() -> ParamValues.duration("maxDelay", text))
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith("maxDelay must be a duration like 90m, 4h, 30s");
    }

    @ParameterizedTest
    @CsvSource({
            "2026-03-01T12:00:00Z, 2026-03-01T12:00:00Z",
            "2026-03-01T13:00:00+01:00, 2026-03-01T12:00:00Z",
            "2026-03-01T13:00:00 01:00, 2026-03-01T12:00:00Z",
            "2026-03-01t12:00:00.250z, 2026-03-01T12:00:00.250Z"})
    void shouldParseRfc3339TimesWhenTheyCarryAnOffset(String text, String expected) {
        assertThat(ParamValues.instant("deadline", text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-01", "2026-03-01T12:00:00", "tomorrow", "1772366400000"})
    void shouldAnswer400WhenATimeHasNoOffsetOrIsNotATime(String text) {
        assertThatThrownBy(() -> ParamValues.instant("dataStartAt", text))
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith("dataStartAt must be an RFC 3339 time with an offset");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "1.5", "ten", "99999999999"})
    void shouldAnswer400WhenWindowSizeIsNotANonNegativeInteger(String text) {
        assertThatThrownBy(() -> ParamValues.minutes("windowSize", text))
                .isInstanceOf(ApiException.class)
                .hasMessage("windowSize must be a non-negative integer number of minutes, got '" + text + "'");
    }

    @Test
    void shouldCutAndEscapeEchoedValuesWhenTheyAreLongOrHoldControlCharacters() {
        assertThat(Views.printable("a\nb")).isEqualTo("a\\u000ab");
        assertThat(Views.printable("x".repeat(500))).hasSize(103).endsWith("...");
    }
}
