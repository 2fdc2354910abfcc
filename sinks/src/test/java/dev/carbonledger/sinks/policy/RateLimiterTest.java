package dev.carbonledger.sinks.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.carbonledger.sinks.policy.HttpCalls.Answer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policy server's rate limit: a token bucket per client address, answered 429 with Retry-After beyond it. */
class RateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldAllowABurstOfTwiceTheRateThenTheRateItself() {
        RateLimiter limiter = new RateLimiter(10);
        long t = 5 * SECOND;

        int burst = 0;
        while (limiter.tryAcquire("10.0.0.1", t)) {
            burst++;
        }
        assertThat(burst).isEqualTo(20);
        assertThat(limiter.tryAcquire("10.0.0.2", t)).as("another client has its own bucket").isTrue();
        int nextSecond = 0;
        for (int i = 0; i < 100; i++) {
            if (limiter.tryAcquire("10.0.0.1", t + SECOND * i / 100)) {
                nextSecond++;
            }
        }
        assertThat(nextSecond).as("one second later, the rate").isBetween(9, 11);
    }

    @Test
    void shouldNeverRefuseWhenSwitchedOff() {
        RateLimiter limiter = new RateLimiter(0);

        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquire("10.0.0.1", 0)).isTrue();
        }
        assertThat(limiter.trackedClients()).isZero();
    }

    @Test
    void shouldBoundTheClientsItTracksAndForgetIdleOnes() {
        RateLimiter limiter = new RateLimiter(1);
        for (int i = 0; i < RateLimiter.MAX_CLIENTS; i++) {
            assertThat(limiter.tryAcquire("client-" + i, 0)).isTrue();
        }
        assertThat(limiter.tryAcquire("one-more", SECOND)).as("the map is full of active clients").isFalse();
        assertThat(limiter.trackedClients()).isEqualTo(RateLimiter.MAX_CLIENTS);

        assertThat(limiter.tryAcquire("one-more", 120 * SECOND)).as("the idle ones are dropped").isTrue();
        assertThat(limiter.trackedClients()).isEqualTo(1);
    }

    @Test
    void shouldAnswer429WithRetryAfterOverHttp() throws Exception {
        Route ok = Route.get("/v1/ping", true, false,
                r -> Reply.ok(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("ok", true)));
        PolicyHandler handler = new PolicyHandler(List.of(ok), PolicyFixtures.filledState(), PolicyFixtures.CLOCK,
                Optional.empty(), new RateLimiter(5));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.start();
        try {
            HttpCalls http = new HttpCalls(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
            List<Answer> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                answers.add(http.get("/v1/ping"));
            }
            assertThat(answers).extracting(Answer::status).contains(200, 429);
            Answer refused = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
            assertThat(refused.error()).startsWith("too many requests: at most 5 a second from one client");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            Thread.sleep(1_100);
            assertThat(http.get("/v1/ping").status()).as("after a second, served again").isEqualTo(200);
        } finally {
            server.stop(0);
        }
    }
}
