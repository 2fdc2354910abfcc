package dev.carbonledger.collectors.source.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PrometheusTextParserTest {

    @Test
    void shouldSkipCommentsAndReadLabelsValuesAndTimestamps() {
        String text = """
                # HELP http_requests_total The total number of HTTP requests.
                # TYPE http_requests_total counter
                # a free comment
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400",} 3

                process_start_time_seconds 1.7e9
                """;

        List<MetricSample> samples = PrometheusTextParser.parse(text);

        assertThat(samples).containsExactly(
                new MetricSample("http_requests_total", Map.of("method", "post", "code", "200"), 1027,
                        OptionalLong.of(1395066363000L)),
                new MetricSample("http_requests_total", Map.of("method", "post", "code", "400"), 3, OptionalLong.empty()),
                new MetricSample("process_start_time_seconds", Map.of(), 1.7e9, OptionalLong.empty()));
    }

    @Test
    void shouldUnescapeLabelValues() {
        String text = "msdos_file_access_time_seconds{path=\"C:\\\\DIR\\\\FILE.TXT\",error=\"Cannot find file:\\n\\\"FILE.TXT\\\"\"} 1.458255915e9\n";

        MetricSample sample = PrometheusTextParser.parse(text).get(0);

        assertThat(sample.label("path")).isEqualTo("C:\\DIR\\FILE.TXT");
        assertThat(sample.label("error")).isEqualTo("Cannot find file:\n\"FILE.TXT\"");
        assertThat(sample.label("missing")).isEmpty();
    }

    @Test
    void shouldReadSpecialValuesAndSpacesAndCrLf() {
        String text = "a{x = \"1\"}   NaN\r\nb +Inf\r\nc -Inf\r\nd{x=\"a,b}c\"} 0\r\n";

        List<MetricSample> samples = PrometheusTextParser.parse(text);

        assertThat(samples.get(0).value()).isNaN();
        assertThat(samples.get(0).label("x")).isEqualTo("1");
        assertThat(samples.get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(samples.get(2).value()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(samples.get(3).label("x")).isEqualTo("a,b}c");
    }

    @Test
    void shouldOnlyReadWantedMetricsButStillRejectWhatItReads() {
        String text = "wanted 1\nother{broken 2\n";

        assertThat(PrometheusTextParser.parse(text, "wanted"::equals)).hasSize(1);
        assertThatThrownBy(() -> PrometheusTextParser.parse(text))
                .isInstanceOf(PrometheusParseException.class).hasMessageContaining("line 2");
    }

    @Test
    void shouldNameTheLineOfAMalformedSample() {
        assertThatThrownBy(() -> PrometheusTextParser.parse("ok 1\nbad{a=\"x\"} twelve\n"))
                .isInstanceOf(PrometheusParseException.class)
                .hasMessageContaining("line 2").hasMessageContaining("twelve");
        assertThatThrownBy(() -> PrometheusTextParser.parse("bad{a=\"x} 1\n"))
                .hasMessageContaining("unterminated");
        assertThatThrownBy(() -> PrometheusTextParser.parse("bad 1 2 3\n"))
                .hasMessageContaining("unexpected text");
        assertThatThrownBy(() -> PrometheusTextParser.parse("bad{a=\"x\"}\n"))
                .hasMessageContaining("missing value");
    }
}
