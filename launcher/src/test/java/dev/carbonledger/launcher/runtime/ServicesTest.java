package dev.carbonledger.launcher.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.launcher.health.Probe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Fail loudly: a part's fatal failure or a failing watched check ends the run with the reason; closing is bounded. */
class ServicesTest {
    private final List<String> closed = new CopyOnWriteArrayList<>();

    @Test
    void shouldCloseEverythingAndThrowTheReasonWhenAPartFails() {
        Services services = new Services(Duration.ofSeconds(5));
        services.add("first", () -> closed.add("first"));
        services.add("second", () -> closed.add("second"));
        new Thread(() -> services.fail("accounting", "Kafka Streams client went from RUNNING to ERROR")).start();

        assertThatThrownBy(services::runUntilStopped)
                .isInstanceOf(Services.PartFailedException.class)
                .hasMessage("accounting failed: Kafka Streams client went from RUNNING to ERROR");
        assertThat(closed).containsExactly("second", "first");
    }

    @Test
    void shouldEndTheRunWhenAWatchedLivenessCheckFails() {
        Services services = new Services(Duration.ofSeconds(5));
        AtomicInteger checks = new AtomicInteger();
        services.watch("prometheus-exporter", () -> checks.incrementAndGet() < 2 ? Probe.Result.ok("reading")
                : Probe.Result.failing("the exporter's topic reader stopped"));

        assertThatThrownBy(services::runUntilStopped)
                .isInstanceOf(Services.PartFailedException.class)
                .hasMessage("prometheus-exporter failed: the exporter's topic reader stopped");
    }

    @Test
    void shouldHaltWithStatusOneWhenClosingOutlastsTheGracePeriod() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger haltedWith = new AtomicInteger(-1);
        Services services = new Services(Duration.ofMillis(200), haltedWith::set);
        services.add("hung", () -> release.await(30, TimeUnit.SECONDS));

        services.closeWithin(Duration.ofMillis(200));

        assertThat(haltedWith.get()).isEqualTo(1);
        release.countDown();
    }

    @Test
    void shouldNotHaltWhenClosingFinishesInTime() {
        AtomicInteger haltedWith = new AtomicInteger(-1);
        Services services = new Services(Duration.ofSeconds(5), haltedWith::set);
        services.add("quick", () -> closed.add("quick"));

        services.closeWithin(Duration.ofSeconds(5));

        assertThat(haltedWith.get()).isEqualTo(-1);
        assertThat(closed).containsExactly("quick");
    }

    @Test
    void shouldRejectANonPositiveGracePeriod() {
        assertThatThrownBy(() -> new Services(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("grace period must be positive");
    }
}
