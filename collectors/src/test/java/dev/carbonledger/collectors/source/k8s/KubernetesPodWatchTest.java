package dev.carbonledger.collectors.source.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.collectors.TestHttpServer;
import dev.carbonledger.collectors.source.http.HttpText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pod source's list + watch against a real JDK HTTP server on 127.0.0.1 that plays the Kubernetes API's part
 * with recorded responses in its real shapes: a PodList, a watch stream of ADDED / MODIFIED / BOOKMARK / DELETED
 * events, an ERROR event with status 410 (resource version too old), a 500, and a watch left open.
 */
class KubernetesPodWatchTest {
    private static final String RANKER = "0f6c2d4e-1a3b-4c5d-8e9f-a0b1c2d3e4f5";
    private static final String TUNER = "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d";
    private static final String WEB = "c1d2e3f4-0a1b-4c2d-9e3f-405162738495";
    private static final String EMBEDDER = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f70819";

    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final CountDownLatch endFirstWatch = new CountDownLatch(1);
    private final CountDownLatch endOpenWatch = new CountDownLatch(1);
    private final AtomicInteger lists = new AtomicInteger();
    private final AtomicInteger watchesFrom1500 = new AtomicInteger();
    private final HttpServer api;
    private KubernetesPodSource source;

    KubernetesPodWatchTest() throws IOException {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        api.createContext("/api/v1/pods", this::handle);
        api.start();
    }

    @AfterEach
    void stop() {
        endFirstWatch.countDown();
        endOpenWatch.countDown();
        if (source != null) {
            source.close();
        }
        api.stop(0);
    }

    @Test
    void shouldApplyWatchEventsAndRelistWhenTheResourceVersionExpired() throws IOException {
        source = new KubernetesPodSource(HttpText.withTimeout(Duration.ofSeconds(5)),
                URI.create("http://127.0.0.1:" + api.getAddress().getPort()), null, "node-a",
                List.of(KubernetesPodSource.DEFAULT_TEAM_LABEL, "team"),
                List.of(KubernetesPodSource.DEFAULT_MODEL_LABEL, "model"),
                List.of(KubernetesPodSource.DEFAULT_WORKLOAD_CLASS_LABEL)).watching();

        // The first poll lists synchronously
        assertThat(source.pods()).extracting(PodMetadata::getPodUid).containsExactlyInAnyOrder(RANKER, TUNER);

        // Then the watch's events: web ADDED, ranker MODIFIED (new model), a BOOKMARK, the fine-tune DELETED
        await("watch events applied").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(source.pods()).extracting(PodMetadata::getPodUid, PodMetadata::getModel)
                        .containsExactlyInAnyOrder(tuple(RANKER, "bert-large"), tuple(WEB, null)));
        assertThat(source.uidOf("shop", "web-5f6d7c8b9-abcde")).contains(WEB);
        assertThat(lists.get()).isEqualTo(1);

        // When the stream ends, the watch resumes from the last version (1013); the API answers 410 Gone
        endFirstWatch.countDown();

        // Then a fresh list (with a pod created while the version was too old), a 500 retried after a backoff,
        // and a new watch from the relist's version
        await("relisted after 410").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(source.pods()).extracting(PodMetadata::getPodUid).containsExactlyInAnyOrder(RANKER, WEB, EMBEDDER);
            assertThat(watchesFrom1500.get()).isEqualTo(2);
        });
        assertThat(lists.get()).isEqualTo(2);
        assertThat(queries).filteredOn(q -> q.contains("watch=1")).extracting(q -> q.replaceAll(".*resourceVersion=(\\d+).*", "$1"))
                .containsExactly("1005", "1013", "1500", "1500");
        assertThat(queries).allSatisfy(q -> assertThat(q).startsWith("fieldSelector=spec.nodeName%3Dnode-a"));
        assertThat(queries).filteredOn(q -> q.contains("watch=1"))
                .allSatisfy(q -> assertThat(q).contains("allowWatchBookmarks=true").contains("timeoutSeconds=300"));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String query = exchange.getRequestURI().getRawQuery();
        queries.add(query);
        try {
            if (!query.contains("watch=1")) {
                int n = lists.incrementAndGet();
                respond(exchange, 200, TestHttpServer.resource(n == 1 ? "/k8s/watch-list-node-a.json" : "/k8s/watch-relist-node-a.json"));
            } else if (query.contains("resourceVersion=1005")) {
                stream(exchange, TestHttpServer.resource("/k8s/watch-events-from-1005.jsonl"), endFirstWatch);
            } else if (query.contains("resourceVersion=1013")) {
                // The API server reports an expired version inside a 200 watch stream, as an ERROR event
                stream(exchange, TestHttpServer.resource("/k8s/watch-expired.jsonl"), null);
            } else if (query.contains("resourceVersion=1500") && watchesFrom1500.incrementAndGet() == 1) {
                respond(exchange, 500, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                        + "\"message\":\"etcdserver: leader changed\",\"reason\":\"InternalError\",\"code\":500}");
            } else {
                stream(exchange, "", endOpenWatch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** A chunked watch response: the events, then open until {@code end} (or closed at once). */
    private static void stream(HttpExchange exchange, String events, CountDownLatch end)
            throws IOException, InterruptedException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String line : events.lines().toList()) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        if (end != null) {
            end.await(30, TimeUnit.SECONDS);
        }
    }
}
