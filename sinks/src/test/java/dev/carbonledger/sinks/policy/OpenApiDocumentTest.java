package dev.carbonledger.sinks.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes exactly the routes the server serves, and its references resolve. */
class OpenApiDocumentTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");

    private static JsonNode document() throws Exception {
        try (InputStream in = PolicyApi.class.getResourceAsStream(PolicyApi.OPENAPI_RESOURCE)) {
            assertThat(in).as(PolicyApi.OPENAPI_RESOURCE).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void shouldDescribeEveryServedRouteAndNothingElseWhenReadWithTheRoutes() throws Exception {
        JsonNode doc = document();
        Set<String> documented = new TreeSet<>();
        doc.get("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (HTTP_METHODS.contains(method)) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        Set<String> served = new TreeSet<>();
        new PolicyApi(PolicyFixtures.config().build(), PolicyFixtures.emptyState()).routes()
                .forEach(r -> r.methods().forEach(m -> served.add(m + " " + r.template())));
        LiveHandler.DOCUMENTED_PATHS.forEach(path -> served.add("GET " + path));

        assertThat(doc.get("openapi").asText()).isEqualTo("3.0.3");
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void shouldMarkExactlyTheOpenRoutesWhenDescribingSecurity() throws Exception {
        JsonNode doc = document();
        Set<String> documentedOpen = new TreeSet<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            JsonNode security = op.getValue().get("security");
            if (security != null && security.isEmpty()) {
                documentedOpen.add(path.getKey());
            }
        }));
        Set<String> open = new TreeSet<>();
        new PolicyApi(PolicyFixtures.config().build(), PolicyFixtures.emptyState()).routes().stream()
                .filter(Route::open).forEach(r -> open.add(r.template()));
        open.addAll(LiveHandler.OPEN_PATHS);

        assertThat(documentedOpen).isEqualTo(open);
    }

    @Test
    void shouldResolveEveryReferenceWhenTheDocumentIsRead() throws Exception {
        JsonNode doc = document();
        List<String> problems = new ArrayList<>();
        doc.findValues("$ref").forEach(ref -> {
            String pointer = ref.asText().substring(1);
            if (doc.at(pointer).isMissingNode()) {
                problems.add("unresolved " + ref.asText());
            }
        });
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (!op.getValue().path("responses").has("200")) {
                problems.add(op.getKey() + " " + path.getKey() + " has no 200 response");
            }
        }));

        assertThat(problems).isEmpty();
    }
}
