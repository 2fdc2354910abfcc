package dev.carbonledger.sinks.alertmanager;

import static dev.carbonledger.sinks.testing.Records.T0;
import static dev.carbonledger.sinks.testing.Records.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.avro.AlertStatus;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertmanagerClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Duration resend = Duration.ofMinutes(1);

    @Test
    void shouldEncodeFiringAlertsWithLabelsAlertnameAndALeaseOfFourResendIntervals() throws IOException {
        var firing = alert("fp-1", AlertStatus.FIRING, Map.of("team", "search", "severity", "warning"),
                T0.minusSeconds(300), null);

        JsonNode body = JSON.readTree(AlertmanagerClient.payload(List.of(firing), T0, resend));

        assertThat(body.isArray()).isTrue();
        JsonNode a = body.get(0);
        assertThat(a.get("labels").get("alertname").asText()).isEqualTo("CarbonTestAlert");
        assertThat(a.get("labels").get("team").asText()).isEqualTo("search");
        assertThat(a.get("labels").get("severity").asText()).isEqualTo("warning");
        assertThat(a.get("annotations").get("summary").asText()).isEqualTo("test alert fp-1");
        assertThat(a.get("startsAt").asText()).isEqualTo("2026-03-01T11:55:00Z");
        assertThat(a.get("endsAt").asText()).isEqualTo("2026-03-01T12:04:00Z");
    }

    @Test
    void shouldResolveWithTheEventsEndsAtOrNowWhenItHasNone() throws IOException {
        var withEnd = alert("fp-1", AlertStatus.RESOLVED, Map.of(), T0.minusSeconds(300), T0.minusSeconds(10));
        var withoutEnd = alert("fp-2", AlertStatus.RESOLVED, Map.of(), T0.minusSeconds(300), null);

        JsonNode body = JSON.readTree(AlertmanagerClient.payload(List.of(withEnd, withoutEnd), T0, resend));

        assertThat(body.get(0).get("endsAt").asText()).isEqualTo("2026-03-01T11:59:50Z");
        assertThat(body.get(1).get("endsAt").asText()).isEqualTo("2026-03-01T12:00:00Z");
    }

    @Test
    void shouldPostToTheV2AlertsPathOfEachBaseUrl() {
        assertThat(AlertmanagerClient.alertsEndpoint(URI.create("http://am:9093/")))
                .isEqualTo(URI.create("http://am:9093/api/v2/alerts"));
        assertThat(AlertmanagerClient.alertsEndpoint(URI.create("https://am.example/prefix")))
                .isEqualTo(URI.create("https://am.example/prefix/api/v2/alerts"));
    }

    @Test
    void shouldKeepTheFiringSetByFingerprintAndDropResolvedOnes() {
        FiringSet set = new FiringSet();
        set.apply(alert("a", AlertStatus.FIRING, Map.of(), T0, null), 0);
        set.apply(alert("b", AlertStatus.FIRING, Map.of(), T0, null), 1);
        set.apply(alert("a", AlertStatus.FIRING, Map.of("v", "2"), T0, null), 0);
        set.apply(alert("b", AlertStatus.RESOLVED, Map.of(), T0, T0), 1);
        set.apply(alert("c", AlertStatus.FIRING, Map.of(), T0, null), 1);

        assertThat(set.alerts()).extracting(e -> e.getFingerprint()).containsExactly("a", "c");
        assertThat(set.alerts().get(0).getLabels()).containsEntry("v", "2");
        set.dropPartitions(List.of(1));
        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void shouldReportEveryInvalidForwarderSettingAtOnce() {
        var builder = ForwarderConfig.builder("", List.of(URI.create("ftp://x"))).resendInterval(Duration.ZERO);

        org.assertj.core.api.Assertions.assertThatThrownBy(builder::build)
                .hasMessageContaining("bootstrap servers are required")
                .hasMessageContaining("must be absolute http(s)")
                .hasMessageContaining("resend interval must be positive");
    }
}
