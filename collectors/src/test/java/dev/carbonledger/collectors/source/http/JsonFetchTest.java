package dev.carbonledger.collectors.source.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.collectors.TestHttpServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonFetchTest {
    private final TestHttpServer server = new TestHttpServer();
    private final JsonFetch fetch = new JsonFetch(HttpText.withTimeout(Duration.ofSeconds(5)), "electricitymaps");

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldParseTheBodyOfA2xxResponse() throws IOException {
        server.respond("/v3/x", 200, "application/json", "{\"zone\":\"DE\",\"carbonIntensity\":312}");

        assertThat(fetch.get(server.uri("/v3/x?zone=DE"), Map.of()).path("carbonIntensity").asInt()).isEqualTo(312);
    }

    @Test
    void shouldNameProviderUrlWithoutQueryStatusAndBodyOnAnErrorStatus() {
        server.respond("/v3/x", 401, "application/json", "{\"error\":\"invalid auth-token\"}");

        assertThatThrownBy(() -> fetch.get(server.uri("/v3/x?zone=DE&key=s3cret"), Map.of("auth-token", "s3cret")))
                .isInstanceOfSatisfying(HttpText.HttpStatusException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageStartingWith("electricitymaps: GET http://127.0.0.1:")
                .hasMessageContaining("/v3/x returned HTTP 401: {\"error\":\"invalid auth-token\"}")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void shouldQuoteTheStartOfABodyThatIsNotJson() {
        server.respond("/v3/x", 200, "text/html", "<html><body>" + "maintenance ".repeat(40) + "</body></html>");

        assertThatThrownBy(() -> fetch.get(server.uri("/v3/x"), Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("electricitymaps returned invalid JSON to GET http://127.0.0.1:")
                .hasMessageContaining("body starts: <html><body>maintenance")
                .hasMessageEndingWith("...");
    }

    @Test
    void shouldNameTheProviderWhenTheServerCannotBeReached() {
        server.close();

        assertThatThrownBy(() -> fetch.get(server.uri("/v3/x"), Map.of()))
                .isInstanceOf(IOException.class).hasMessageStartingWith("electricitymaps: GET http://127.0.0.1:");
    }
}
