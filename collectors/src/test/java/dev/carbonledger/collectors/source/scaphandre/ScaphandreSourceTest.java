package dev.carbonledger.collectors.source.scaphandre;

import static org.assertj.core.api.Assertions.assertThat;
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

/** Scaphandre's exposition with --containers, recorded in its real format, served by a real HTTP server. */
class ScaphandreSourceTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String TEXT = "text/plain; version=0.0.4";
    private static final String RANKER_UID = "0f6c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f5";
    private static final PodUidResolver RESOLVER = (ns, name) ->
            ns.equals("search") && name.equals("ranker-7c9d8f6b5-q4w2e") ? Optional.of(RANKER_UID) : Optional.empty();

    private final TestHttpServer server = new TestHttpServer();
    private final MutableClock clock = new MutableClock(T0);

    @AfterEach
    void stop() {
        server.close();
    }

    private ScaphandreSource source() {
        return new ScaphandreSource(HttpText.withTimeout(Duration.ofSeconds(5)), server.uri("/metrics"), "node-a",
                RESOLVER, clock);
    }

    @Test
    void shouldIntegrateEachPodsProcessPowerIntoAJouleCounterWithTrapezoids() throws IOException {
        ScaphandreSource source = source();
        // Given a first scrape: a baseline for every pod
        server.respondWithResource("/metrics", TEXT, "/scaphandre/scaphandre-containers-t0.txt");
        assertThat(source.poll()).extracting(EnergySample::getPodUid, EnergySample::getEnergyJoules)
                .containsExactlyInAnyOrder(tuple(RANKER_UID, 0.0), tuple("research/llama-finetune-0", 0.0),
                        tuple("system_processes@node-a", 0.0));

        // When the power changes (ranker 15 W -> 19 W over its two processes) and is scraped 5 s later, then again
        server.respondWithResource("/metrics", TEXT, "/scaphandre/scaphandre-containers-t1.txt");
        clock.advance(Duration.ofSeconds(5));
        source.poll();
        clock.advance(Duration.ofSeconds(5));
        List<EnergySample> samples = source.poll();

        // Then (15 + 19) / 2 × 5 + 19 × 5 = 180 J; the fine-tune (45 + 55) / 2 × 5 + 55 × 5; host processes 15 + 10
        assertThat(samples).extracting(EnergySample::getPodUid, EnergySample::getComponent, EnergySample::getEnergyJoules)
                .containsExactlyInAnyOrder(tuple(RANKER_UID, "platform", 180.0),
                        tuple("research/llama-finetune-0", "platform", 525.0),
                        tuple("system_processes@node-a", "platform", 25.0));
        assertThat(samples).allSatisfy(s -> {
            assertThat(s.getNode()).isEqualTo("node-a");
            assertThat(s.getSource()).isEqualTo("scaphandre");
            assertThat(s.getTimestamp()).isEqualTo(T0.plusSeconds(10));
        });
    }

    @Test
    void shouldContinueFromItsSavedStateAfterARestartAndNotExtrapolateALongGap() throws IOException {
        ScaphandreSource before = source();
        server.respondWithResource("/metrics", TEXT, "/scaphandre/scaphandre-containers-t0.txt");
        before.poll();
        server.respondWithResource("/metrics", TEXT, "/scaphandre/scaphandre-containers-t1.txt");
        clock.advance(Duration.ofSeconds(5));
        before.poll();

        // a collector restart 5 s later continues the counters as if it had not stopped
        ScaphandreSource after = source();
        after.restoreCounterState(before.counterState());
        clock.advance(Duration.ofSeconds(5));
        assertThat(after.poll()).filteredOn(s -> s.getPodUid().equals(RANKER_UID))
                .extracting(EnergySample::getEnergyJoules).containsExactly(180.0);

        // a gap longer than the limit is a new baseline: the counter stays, nothing is made up
        clock.advance(ScaphandreSource.MAX_GAP.plusSeconds(1));
        assertThat(after.poll()).filteredOn(s -> s.getPodUid().equals(RANKER_UID))
                .extracting(EnergySample::getEnergyJoules).containsExactly(180.0);
    }
}
