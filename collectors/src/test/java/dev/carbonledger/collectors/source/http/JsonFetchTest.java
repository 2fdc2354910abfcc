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

    @Test
    void shouldHideRequestCredentialsThatTheServerEchoesInAnError() {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("carbon-user:PLANTED-PASSWORD".getBytes());
        server.respond("/v3/x", 403, "application/json",
                "{\"error\":\"token PLANTED-TOKEN is not valid for carbon-user:PLANTED-PASSWORD (" + basic + ")\"}");

        assertThatThrownBy(() -> fetch.get(server.uri("/v3/x"), Map.of("auth-token", "PLANTED-TOKEN", "Authorization", basic)))
                .hasMessageContaining("token [redacted] is not valid for [redacted]")
                .hasMessageNotContaining("PLANTED").hasMessageNotContaining(basic.substring(6));
        server.respond("/v3/y", 200, "application/json", "{\"echo\": PLANTED-TOKEN}");
        assertThatThrownBy(() -> fetch.get(server.uri("/v3/y"), Map.of("auth-token", "PLANTED-TOKEN")))
                .hasMessageContaining("invalid JSON").hasMessageNotContaining("PLANTED");
    }

    @Test
    void shouldNeverNameTheUrlsUserInfo() {
        server.respond("/v3/x", 500, "text/plain", "down");

        assertThatThrownBy(() -> fetch.get(java.net.URI.create(server.uri("/v3/x").toString()
                .replace("http://", "http://admin:PLANTED-PASSWORD@")), Map.of()))
                .hasMessageContaining("returned HTTP 500").hasMessageNotContaining("PLANTED").hasMessageNotContaining("admin");
    }

    @Test
    void shouldRefuseABodyLargerThanTheLimitWithoutHoldingIt() {
        server.respond("/big", 200, "application/json", "[" + "1,".repeat(HttpText.MAX_BODY_BYTES / 2) + "1]");

        assertThatThrownBy(() -> fetch.get(server.uri("/big"), Map.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("returned more than 64 MiB");
    }
}
