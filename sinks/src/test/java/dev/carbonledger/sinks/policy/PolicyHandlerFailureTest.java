package dev.carbonledger.sinks.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.carbonledger.sinks.policy.HttpCalls.Answer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An endpoint that fails unexpectedly: logged, answered 500 with a generic message, nothing of the failure shown. */
class PolicyHandlerFailureTest {
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldAnswerAGeneric500WithoutTheExceptionWhenAnEndpointFails() throws Exception {
        Route failing = Route.get("/v1/boom", false, false, r -> {
            throw new IllegalStateException("boom at dev.carbonledger.secret.Internals");
        });
        PolicyHandler handler = new PolicyHandler(List.of(failing), PolicyFixtures.filledState(), PolicyFixtures.CLOCK,
                Optional.empty());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.start();

        Answer a = new HttpCalls(URI.create("http://127.0.0.1:" + server.getAddress().getPort())).get("/v1/boom");

        assertThat(a.status()).isEqualTo(500);
        assertThat(a.error()).startsWith("internal error").doesNotContain("boom");
    }
}
