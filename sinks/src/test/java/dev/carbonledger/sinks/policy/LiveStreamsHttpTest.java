package dev.carbonledger.sinks.policy;

import static dev.carbonledger.sinks.policy.LiveFixtures.teamWindow;
import static dev.carbonledger.sinks.testing.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.sinks.live.LiveBoard;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live view over real HTTP on 127.0.0.1 (ephemeral port) with Java's HttpClient, on a state filled by hand:
 * the event-stream protocol (snapshot first, then updates, heartbeats, retry hint), the bound on clients (503),
 * slots freed when clients go away, the token, and the page's own files.
 */
class LiveStreamsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HEARTBEAT = Duration.ofMillis(300);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<EventReader> readers = new ArrayList<>();
    private final LiveBoard board = new LiveBoard();
    private PolicyHttp server;

    private URI serve(PolicyServerConfig.Builder config) {
        server = new PolicyHttp(config.streamHeartbeat(HEARTBEAT).build(), PolicyFixtures.filledState(), board,
                () -> true);
        server.start();
        return server.url();
    }

    @AfterEach
    void stop() {
        readers.forEach(EventReader::close);
        if (server != null) {
            server.close();
        }
    }

    /** One server-sent event: its fields, {@code comment} for a comment-only block. */
    record Event(Map<String, String> fields) {
        String type() {
            return fields.getOrDefault("event", fields.containsKey("comment") ? "comment" : "message");
        }

        JsonNode json() throws IOException {
            return JSON.readTree(fields.get("data"));
        }
    }

    /** Reads an event stream on its own thread into a queue of events. */
    final class EventReader implements AutoCloseable {
        final HttpResponse<InputStream> response;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

        EventReader(HttpResponse<InputStream> response) {
            this.response = response;
            Thread t = new Thread(this::read, "sse-test-reader");
            t.setDaemon(true);
            t.start();
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                Map<String, String> fields = new LinkedHashMap<>();
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (!fields.isEmpty()) {
                            events.add(new Event(fields));
                        }
                        fields = new LinkedHashMap<>();
                    } else if (line.startsWith(":")) {
                        fields.put("comment", line.substring(1).strip());
                    } else {
                        int colon = line.indexOf(':');
                        fields.merge(line.substring(0, colon), line.substring(colon + 1).stripLeading(),
                                (a, b) -> a + "\n" + b);
                    }
                }
            } catch (IOException e) {
                // closed by the test or the server
            }
        }

        /** The next event other than a heartbeat comment, or fails after {@code timeout}. */
        Event next(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(e).as("an event within %s", timeout).isNotNull();
                if (!e.type().equals("comment")) {
                    return e;
                }
            }
        }

        /** The next event of any kind, heartbeats included. */
        Event nextAny(Duration timeout) throws InterruptedException {
            Event e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(e).as("an event within %s", timeout).isNotNull();
            return e;
        }

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private HttpResponse<InputStream> get(URI base, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Accept", "text/event-stream");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private EventReader open(URI base, String stream) throws Exception {
        HttpResponse<InputStream> response = get(base, "/v1/stream/" + stream, null);
        assertThat(response.statusCode()).as("status of /v1/stream/%s", stream).isEqualTo(200);
        EventReader reader = new EventReader(response);
        readers.add(reader);
        return reader;
    }

    private static String body(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldSendTheRetryHintAndTheSnapshotFirstWhenAClientConnects() throws Exception {
        URI base = serve(PolicyFixtures.config());

        EventReader teams = open(base, "teams");

        assertThat(teams.response.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
        assertThat(teams.response.headers().firstValue("Cache-Control")).hasValue("no-store");
        Event retry = teams.next(Duration.ofSeconds(5));
        assertThat(retry.fields()).containsEntry("retry", "3000");
        Event snapshot = teams.next(Duration.ofSeconds(5));
        assertThat(snapshot.type()).isEqualTo("snapshot");
        assertThat(snapshot.fields()).containsKey("id");
        JsonNode research = snapshot.json().get("teams").get(0);
        assertThat(research.get("team").asText()).isEqualTo("research");
        assertThat(research.get("budget").get("percentUsed").asDouble()).isEqualTo(125.0);
        assertThat(research.get("budget").get("spentGrams").asDouble()).isEqualTo(1250.0);
        assertThat(research.get("rate").isNull()).isTrue();
    }

    @Test
    void shouldSendTheNewStateAsAnUpdateWhenATopicRecordChangesIt() throws Exception {
        URI base = serve(PolicyFixtures.config());
        EventReader teams = open(base, "teams");
        teams.next(Duration.ofSeconds(5));
        long snapshotId = Long.parseLong(teams.next(Duration.ofSeconds(5)).fields().get("id"));

        board.acceptTeamWindow(teamWindow("research", T0.minusSeconds(120), 60, 150, true));

        Event update = teams.next(Duration.ofSeconds(5));
        assertThat(update.type()).isEqualTo("update");
        assertThat(Long.parseLong(update.fields().get("id"))).isGreaterThan(snapshotId);
        JsonNode rate = update.json().get("teams").get(0).get("rate");
        assertThat(rate.get("gramsPerSecond").asDouble()).isEqualTo(2.5);
        assertThat(rate.get("windowStart").asText()).isEqualTo("2026-03-01T11:58:00Z");
        assertThat(rate.get("closed").asBoolean()).isTrue();
    }

    @Test
    void shouldSendTheZoneWithItsGreenestWindowWhenAForecastIsHeld() throws Exception {
        URI base = serve(PolicyFixtures.config());
        EventReader zones = open(base, "zones");
        zones.next(Duration.ofSeconds(5));

        JsonNode state = zones.next(Duration.ofSeconds(5)).json();

        // filledState: DE forecast of 5-minute points 10, 20, 30, 40, 5 from T0 (greenest hour: none, 25 minutes)
        JsonNode de = state.get("zones").get(0);
        assertThat(de.get("zone").asText()).isEqualTo("DE");
        assertThat(de.get("intensity").get("now").asDouble()).isEqualTo(300.0);
        assertThat(de.get("forecast").get("points")).extracting(p -> p.get("value").asDouble())
                .containsExactly(10.0, 20.0, 30.0, 40.0, 5.0);
        assertThat(de.get("forecast").get("greenest").isNull()).as("a 25-minute forecast has no 1-hour window").isTrue();
        assertThat(state.get("now").asText()).isEqualTo("2026-03-01T12:00:00Z");
    }

    @Test
    void shouldSendHeartbeatsWhenNothingChanges() throws Exception {
        URI base = serve(PolicyFixtures.config());
        EventReader alerts = open(base, "alerts");
        alerts.next(Duration.ofSeconds(5));
        alerts.next(Duration.ofSeconds(5));

        Event heartbeat = alerts.nextAny(HEARTBEAT.multipliedBy(10));

        assertThat(heartbeat.type()).isEqualTo("comment");
        assertThat(heartbeat.fields().get("comment")).isEqualTo("heartbeat");
    }

    @Test
    void shouldAnswer503WhenTheMaximumOfStreamsIsOpenAndFreeTheSlotsWhenClientsGoAway() throws Exception {
        URI base = serve(PolicyFixtures.config().maxStreamClients(2));
        EventReader first = open(base, "teams");
        open(base, "sci");

        HttpResponse<InputStream> refused = get(base, "/v1/stream/alerts", null);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
        JsonNode error = JSON.readTree(body(refused));
        assertThat(error.get("error").asText()).contains("too many live view streams are open (the maximum is 2");
        assertThat(server.streams().refused()).isEqualTo(1);

        // When the clients go away, their slots are freed (a write fails at the latest on the next heartbeat)
        readers.forEach(EventReader::close);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> server.streams().clients() == 0);
        assertThat(first.response.statusCode()).isEqualTo(200);
        open(base, "alerts");
        open(base, "zones");
        assertThat(server.streams().clients()).isEqualTo(2);
    }

    @Test
    void shouldRequireTheTokenOnStreamsButNotOnThePageWhenATokenIsSet() throws Exception {
        URI base = serve(PolicyFixtures.config().bearerToken("live-token"));

        HttpResponse<InputStream> anonymous = get(base, "/v1/stream/teams", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(body(anonymous)).get("error").asText()).contains("bearer token is required");
        HttpResponse<InputStream> withToken = get(base, "/v1/stream/teams", "live-token");
        assertThat(withToken.statusCode()).isEqualTo(200);
        readers.add(new EventReader(withToken));
        assertThat(get(base, "/", null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer404ForAnUnknownStreamAnd405ForAPost() throws Exception {
        URI base = serve(PolicyFixtures.config());

        HttpResponse<InputStream> unknown = get(base, "/v1/stream/budgets", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(body(unknown)).get("error").asText())
                .isEqualTo("no such stream: budgets; the streams are alerts, sci, teams, zones");
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(base.resolve("/v1/stream/teams"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void shouldServeThePageAndItsFilesFromTheJarWithNothingFromElsewhere() throws Exception {
        URI base = serve(PolicyFixtures.config());

        for (String path : List.of("/", "/live/live.js", "/live/live.css", "/live/icon.svg")) {
            HttpResponse<InputStream> response = get(base, path, null);
            String text = body(response);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValue(LiveHandler.CONTENT_SECURITY_POLICY);
            // No CDN, no remote font or script: the only absolute URLs are XML namespace names.
            assertThat(text.replace("http://www.w3.org/2000/svg", "")).as(path)
                    .doesNotContain("http://", "https://", "@import");
        }
        HttpResponse<InputStream> page = get(base, "/", null);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(body(page)).contains("<script src=\"/live/live.js\" defer></script>");
        // The policy endpoints are still served behind the page.
        assertThat(get(base, "/livez", null).statusCode()).isEqualTo(200);
    }
}
