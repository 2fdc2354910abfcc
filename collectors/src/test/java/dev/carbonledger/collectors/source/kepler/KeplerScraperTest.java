package dev.carbonledger.collectors.source.kepler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.collectors.MutableClock;
import dev.carbonledger.collectors.TestHttpServer;
import dev.carbonledger.collectors.source.PodUidResolver;
import dev.carbonledger.collectors.source.http.HttpText;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeplerScraperTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String TEXT = "text/plain; version=0.0.4";
    private static final String CHECKOUT_UID = "5b0e1c7a-2f7d-4a51-9a43-0d1f3e6b8c21";
    private static final PodUidResolver RESOLVER = (ns, name) ->
            ns.equals("shop") && name.equals("checkout-6d5f7b9c4-x2k8p") ? Optional.of(CHECKOUT_UID) : Optional.empty();

    private final TestHttpServer server = new TestHttpServer();
    private final MutableClock clock = new MutableClock(T0);
    private final KeplerScraper scraper = new KeplerScraper(HttpText.withTimeout(Duration.ofSeconds(5)),
            server.uri("/metrics"), "worker-1", RESOLVER, clock);

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldSumKepler07ContainerCountersPerPodAndComponent() throws IOException {
        server.respondWithResource("/metrics", TEXT, "/kepler/kepler-0.7-metrics.txt");

        List<EnergySample> samples = scraper.poll();

        assertThat(samples).extracting(EnergySample::getPodUid, EnergySample::getComponent, EnergySample::getEnergyJoules)
                .containsExactlyInAnyOrder(
                        tuple(CHECKOUT_UID, "package", 1550.0),
                        tuple(CHECKOUT_UID, "dram", 70.75),
                        tuple("ml/trainer-0", "package", 5000.0),
                        tuple("ml/trainer-0", "gpu", 42000.75),
                        tuple("system_processes@worker-1", "package", 9000.0));
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.getNode()).isEqualTo("worker-1");
            assertThat(s.getTimestamp()).isEqualTo(T0);
            assertThat(s.getSource()).isEqualTo("kepler");
        });
        assertThat(server.requests()).singleElement().satisfies(r -> assertThat(r.header("Accept")).contains("text/plain"));
    }

    @Test
    void shouldKeepThePodCounterRisingWhenAContainerRestarts() throws IOException {
        // Given a first scrape
        server.respond("/metrics", 200, TEXT, """
                kepler_container_package_joules_total{container_id="a1",container_namespace="shop",mode="dynamic",pod_name="web"} 100
                kepler_container_package_joules_total{container_id="b1",container_namespace="shop",mode="dynamic",pod_name="web"} 40
                """);
        double first = scraper.poll().get(0).getEnergyJoules();
        // When container b restarts (new id, counter from zero) and a grows by 10
        server.respond("/metrics", 200, TEXT, """
                kepler_container_package_joules_total{container_id="a1",container_namespace="shop",mode="dynamic",pod_name="web"} 110
                kepler_container_package_joules_total{container_id="b2",container_namespace="shop",mode="dynamic",pod_name="web"} 3
                """);
        clock.advance(Duration.ofSeconds(5));
        double second = scraper.poll().get(0).getEnergyJoules();
        // Then the pod's counter grew by exactly the new energy: 10 + 3
        assertThat(first).isEqualTo(140.0);
        assertThat(second).isEqualTo(153.0);
    }

    @Test
    void shouldUsePodIdAndZoneOfNewerKepler() throws IOException {
        server.respondWithResource("/metrics", TEXT, "/kepler/kepler-0.10-metrics.txt");

        List<EnergySample> samples = new KeplerScraper(HttpText.withTimeout(Duration.ofSeconds(5)),
                server.uri("/metrics"), "worker-1", PodUidResolver.none(), clock).poll();

        assertThat(samples).extracting(EnergySample::getPodUid, EnergySample::getComponent, EnergySample::getEnergyJoules)
                .containsExactlyInAnyOrder(
                        tuple(CHECKOUT_UID, "package", 1450.25),
                        tuple(CHECKOUT_UID, "dram", 66.5),
                        tuple("e3c4a9d2-8b1f-4c6e-a7d5-f2b9c0e1d3a4", "package", 5000.0));
    }

    @Test
    void shouldSumNewerKeplerContainerCountersPerPodIdWhenPodMetricsAreOff() throws IOException {
        server.respond("/metrics", 200, TEXT, """
                # TYPE kepler_container_cpu_joules_total counter
                kepler_container_cpu_joules_total{container_id="a1",container_name="server",node_name="worker-1",pod_id="%1$s",runtime="containerd",state="running",zone="package"} 30
                kepler_container_cpu_joules_total{container_id="a2",container_name="proxy",node_name="worker-1",pod_id="%1$s",runtime="containerd",state="running",zone="package"} 12
                kepler_container_cpu_joules_total{container_id="a1",container_name="server",node_name="worker-1",pod_id="%1$s",runtime="containerd",state="running",zone="core"} 25
                kepler_container_cpu_joules_total{container_id="d9",container_name="registry",node_name="worker-1",pod_id="",runtime="docker",state="running",zone="package"} 7
                """.formatted(CHECKOUT_UID));

        assertThat(scraper.poll()).extracting(EnergySample::getPodUid, EnergySample::getComponent, EnergySample::getEnergyJoules)
                .containsExactlyInAnyOrder(tuple(CHECKOUT_UID, "package", 42.0), tuple("system_processes@worker-1", "package", 7.0));
    }

    @Test
    void shouldFallBackToTheAggregateCounterAsPlatform() throws IOException {
        server.respond("/metrics", 200, TEXT, """
                # TYPE kepler_container_joules_total counter
                kepler_container_joules_total{container_id="a1",container_namespace="shop",mode="dynamic",pod_name="web"} 12.5
                kepler_container_joules_total{container_id="a1",container_namespace="shop",mode="idle",pod_name="web"} 2.5
                """);

        assertThat(scraper.poll()).extracting(EnergySample::getPodUid, EnergySample::getComponent, EnergySample::getEnergyJoules)
                .containsExactly(tuple("shop/web", "platform", 15.0));
    }

    @Test
    void shouldFailWithTheStatusWhenTheExporterErrs() {
        server.respond("/metrics", 503, "text/plain", "starting up");

        assertThatThrownBy(scraper::poll).isInstanceOf(HttpText.HttpStatusException.class)
                .hasMessageContaining("503").hasMessageContaining("starting up");
    }
}
