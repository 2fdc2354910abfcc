package dev.carbonledger.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.launcher.runtime.Components;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.prometheus.ExporterConfig;
import dev.carbonledger.sinks.prometheus.MetricsExporter;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The exporter's auth and label allow-list, set from the environment as a Kubernetes Deployment would, take effect. */
@WithKafkaBroker
class ExporterOptionsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final KafkaTestBroker kafka;

    @TempDir
    Path dir;

    ExporterOptionsIT(KafkaTestBroker kafka) {
        this.kafka = kafka;
    }

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        ExporterOptions exporter;
    }

    private ExporterOptions parse(Map<String, String> env) {
        Probe probe = new Probe();
        CommandLine cl = new CommandLine(probe);
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        cl.parseArgs();
        return probe.exporter;
    }

    @Test
    void shouldRequireTheBasicAuthCredentialsGivenInTheEnvironment() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "scrape-me\n");
        ExporterOptions options = parse(Map.of("CARBON_LEDGER_METRICS_USERNAME", "prometheus",
                "CARBON_LEDGER_METRICS_PASSWORD_FILE", password.toString()));
        TopicNames topics = new TopicNames("exp" + UUID.randomUUID().toString().substring(0, 8));
        Properties client = new Properties();
        client.put("bootstrap.servers", kafka.bootstrapServers());

        try (MetricsExporter exporter = Components.exporter(client, topics, new InMemorySchemaRegistryClient(),
                "127.0.0.1", 0, null, options::applyTo)) {
            assertThat(get(exporter.url(), null).statusCode()).isEqualTo(401);
            assertThat(get(exporter.url(), "prometheus:wrong").statusCode()).isEqualTo(401);
            assertThat(get(exporter.url(), "prometheus:scrape-me").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldNarrowTheEmissionLabelsAndReportEveryProblem() {
        ExporterConfig config = parse(Map.of("CARBON_LEDGER_METRICS_LABELS", "team,grid_zone"))
                .applyTo(ExporterConfig.builder("127.0.0.1:9092")).build();
        assertThat(config.emissionLabels()).isEqualTo(Set.of("team", "grid_zone"));

        ExporterOptions bad = parse(Map.of("CARBON_LEDGER_METRICS_USERNAME", "prometheus",
                "CARBON_LEDGER_METRICS_TLS_KEYSTORE", dir.resolve("keys.p12").toString()));
        assertThatThrownBy(() -> bad.applyTo(ExporterConfig.builder("127.0.0.1:9092")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--metrics-username and --metrics-password-file go together")
                .hasMessageContaining("--metrics-tls-keystore needs --metrics-tls-password-file");
    }

    private static HttpResponse<String> get(URI url, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
