package dev.carbonledger.sinks.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.sinks.policy.HttpCalls.Answer;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every endpoint over real HTTP on 127.0.0.1 (ephemeral port), on a state filled by hand: the answers, every 400,
 * 401 with a token, 404, 405, 413 and 503. {@link HttpCalls} checks on every response that it is JSON and carries
 * no exception or stack frame.
 */
class PolicyHttpContractTest {
    private static final String TOKEN = "policy-test-token";
    private PolicyHttp server;

    private HttpCalls serve(PolicyState state, PolicyServerConfig config) {
        server = new PolicyHttp(config, state);
        server.start();
        return new HttpCalls(server.url());
    }

    private HttpCalls serve() {
        return serve(PolicyFixtures.filledState(), PolicyFixtures.config().build());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldAnswerTheSdkForecastShapeWhenAWindowSizeIsGiven() throws Exception {
        Answer a = serve().get("/emissions/forecasts/current?location=DE&windowSize=10");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().isArray()).isTrue();
        JsonNode de = a.json().get(0);
        assertThat(de.get("forecastData")).extracting(p -> p.get("value").asDouble()).containsExactly(15.0, 25.0, 35.0, 22.5);
        assertThat(de.get("optimalDataPoints").get(0).get("value").asDouble()).isEqualTo(15.0);
        assertThat(de.get("optimalDataPoints").get(0).get("timestamp").asText()).isEqualTo("2026-03-01T12:00:00Z");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "windowSize=10|location is required",
            "location=XX|unknown location 'XX'",
            "location=DE&windowSize=-1|windowSize must be a non-negative integer",
            "location=DE&windowSize=1.5|windowSize must be a non-negative integer",
            "location=DE&dataStartAt=yesterday|dataStartAt must be an RFC 3339 time",
            "location=DE&dataEndAt=2026-03-01|dataEndAt must be an RFC 3339 time",
            "location=DE&dataStartAt=2026-03-01T12:10:00Z&dataEndAt=2026-03-01T12:05:00Z|dataStartAt must be earlier than dataEndAt",
            "location=DE&dataStartAt=2026-03-01T12:10:00Z&dataEndAt=2026-03-01T12:10:00Z|dataStartAt must be earlier than dataEndAt",
            "location=DE&dataStartAt=2026-03-01T10:00:00Z|dataStartAt must be within time range of the forecasted data, '2026-03-01T12:00:00Z' through '2026-03-01T12:25:00Z'",
            "location=DE&dataEndAt=2026-03-01T13:00:00Z|dataEndAt must be within time range of the forecasted data"})
    void shouldAnswer400WithAMessageWhenForecastParametersAreBad(String query, String message) throws Exception {
        Answer a = serve().get("/emissions/forecasts/current?" + query);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).contains(message);
    }

    @Test
    void shouldListTheMessagesPerParameterWhenSeveralForecastParametersAreBad() throws Exception {
        Answer a = serve().get("/emissions/forecasts/current?location=DE&dataStartAt=2026-03-01T13:00:00Z"
                + "&dataEndAt=2026-03-01T11:00:00Z");

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.json().get("errors").get("dataStartAt")).hasSize(2);
        assertThat(a.json().get("errors").get("dataEndAt")).hasSize(1);
    }

    @Test
    void shouldDenyAnExhaustedHardBudgetWhenTheGateIsAsked() throws Exception {
        Answer a = serve().get("/v1/gate?team=research&class=batch");

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("decision").asText()).isEqualTo("deny");
        assertThat(a.json().get("class").asText()).isEqualTo("batch");
        assertThat(a.json().get("status").get("fraction").asDouble()).isEqualTo(1.25);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1/gate", "/v1/gate?team=", "/v1/gate?team=%20", "/v1/gate?class=batch"})
    void shouldAnswer400WhenTheTeamIsMissingOrBlank(String path) throws Exception {
        Answer a = serve().get(path);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).startsWith("team is required");
    }

    @Test
    void shouldAnswerInOpaDataApiShapeWhenPostedAnInput() throws Exception {
        HttpCalls http = serve();

        Answer post = http.post("/v1/data/carbon/gate", "{\"input\": {\"team\": \"research\", \"class\": \"batch\"}}");
        Answer get = http.get("/v1/data/carbon/gate?team=search");

        assertThat(post.status()).isEqualTo(200);
        assertThat(post.json().get("result").get("decision").asText()).isEqualTo("deny");
        assertThat(post.json().get("result").get("reason").asText()).contains("hard budget");
        assertThat(get.json().get("result").get("decision").asText()).isEqualTo("allow");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json|the request body is not JSON",
            "{}|input is required",
            "{\"input\": 3}|input is required",
            "{\"input\": {}}|input.team is required",
            "{\"input\": {\"team\": 42}}|input.team must be a non-empty string",
            "{\"input\": {\"team\": \"research\", \"class\": [1]}}|input.class must be a non-empty string"})
    void shouldAnswer400WithOpaCodeAndMessageWhenTheBodyIsWrong(String body, String message) throws Exception {
        Answer a = serve().post("/v1/data/carbon/gate", body);

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error()).contains(message);
        assertThat(a.json().get("code").asText()).isEqualTo("invalid_parameter");
        assertThat(a.json().get("message").asText()).isEqualTo(a.error());
    }

    @Test
    void shouldAnswer413WhenTheBodyIsLargerThan64KiB() throws Exception {
        String big = "{\"input\": {\"team\": \"" + "x".repeat(70 * 1024) + "\"}}";

        Answer a = serve().post("/v1/data/carbon/gate", big);

        assertThat(a.status()).isEqualTo(413);
        assertThat(a.error()).contains("larger than 65536 bytes");
    }

    @Test
    void shouldServeNumbersWhenKedaAsksAboutATeamOrAZone() throws Exception {
        HttpCalls http = serve();

        Answer team = http.get("/v1/keda/teams/search");
        Answer zone = http.get("/v1/keda/zones/DE");

        assertThat(team.json().get("allow").asInt()).isEqualTo(1);
        assertThat(team.json().get("budget").get("remainingFraction").asDouble()).isEqualTo(0.75);
        assertThat(zone.json().get("intensity").get("now").asDouble()).isEqualTo(300.0);
        assertThat(zone.json().get("forecast").get("greenNow").asInt()).isEqualTo(1);
    }

    @Test
    void shouldRecommendAWindowOrAnswer400WhenAskedOverHttp() throws Exception {
        HttpCalls http = serve();

        Answer ok = http.get("/v1/windows?zone=DE&duration=10m&deadline=2026-03-01T12:25:00Z");
        Answer bad = http.get("/v1/windows?zone=DE&duration=10m&deadline=2026-03-01T11:00:00Z");
        Answer missing = http.get("/v1/windows?zone=DE&deadline=2026-03-01T13:00:00Z");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("recommendedStart").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(ok.json().get("expectedGCo2ePerKwh").asDouble()).isEqualTo(15.0);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.error()).startsWith("deadline must be in the future");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.error()).startsWith("duration is required");
    }

    @Test
    void shouldServeDecisionsBySubjectAndPrefixAnd404WhenThereIsNone() throws Exception {
        HttpCalls http = serve();

        Answer one = http.get("/v1/decisions?subject=team%3Aresearch");
        Answer list = http.get("/v1/decisions?prefix=team:");
        Answer none = http.get("/v1/decisions?subject=team:nobody");
        Answer neither = http.get("/v1/decisions");

        assertThat(one.json().get("decision").asText()).isEqualTo("deny");
        assertThat(list.json()).hasSize(1);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.error()).isEqualTo("no decision for subject team:nobody");
        assertThat(neither.status()).isEqualTo(400);
    }

    @Test
    void shouldServeOpenApiLivenessAndReadinessWhenCaughtUp() throws Exception {
        HttpCalls http = serve();

        assertThat(http.get("/openapi.json").json().get("openapi").asText()).isEqualTo("3.0.3");
        assertThat(http.get("/livez").json().get("live").asBoolean()).isTrue();
        Answer ready = http.get("/readyz");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().get("ready").asBoolean()).isTrue();
    }

    @Test
    void shouldAnswer404Or405WithAllowWhenThePathOrTheMethodIsWrong() throws Exception {
        HttpCalls http = serve();

        Answer unknown = http.get("/v1/nothing");
        Answer trailing = http.get("/v1/gate/");
        Answer emptyTeam = http.get("/v1/keda/teams/");
        Answer post = http.post("/v1/gate?team=research", "{}");
        Answer put = http.send("PUT", "/v1/data/carbon/gate", HttpRequest.BodyPublishers.ofString("{}"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).contains("/openapi.json");
        assertThat(trailing.status()).isEqualTo(404);
        assertThat(emptyTeam.status()).isEqualTo(404);
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET");
        assertThat(put.status()).isEqualTo(405);
        assertThat(put.header("Allow")).isEqualTo("GET, POST");
        assertThat(put.json().get("code").asText()).isEqualTo("method_not_allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/emissions/forecasts/current?location=DE", "/v1/gate?team=research",
            "/v1/data/carbon/gate?team=research", "/v1/keda/teams/research", "/v1/keda/zones/DE",
            "/v1/windows?zone=DE&duration=1h&deadline=2026-03-02T00:00:00Z", "/v1/decisions?prefix=", "/readyz"})
    void shouldAnswer503WhenNotCaughtUpYet(String path) throws Exception {
        Answer a = serve(PolicyFixtures.emptyState(), PolicyFixtures.config().build()).get(path);

        assertThat(a.status()).isEqualTo(503);
        assertThat(a.error()).contains("not caught up yet");
        assertThat(a.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void shouldStayLiveAndDescribedWhenNotCaughtUpYet() throws Exception {
        HttpCalls http = serve(PolicyFixtures.emptyState(), PolicyFixtures.config().build());

        assertThat(http.get("/livez").status()).isEqualTo(200);
        assertThat(http.get("/openapi.json").status()).isEqualTo(200);
    }

    @Test
    void shouldAnswer401WithBearerChallengeWhenTheTokenIsMissingOrWrong() throws Exception {
        HttpCalls http = serve(PolicyFixtures.filledState(), PolicyFixtures.config().bearerToken(TOKEN).build());

        Answer missing = http.get("/v1/gate?team=research");
        Answer wrong = http.withToken("not-the-token").get("/v1/gate?team=research");
        Answer unknownPath = http.get("/v1/secret-places");
        Answer opa = http.post("/v1/data/carbon/gate", "{\"input\": {\"team\": \"research\"}}");
        Answer right = http.withToken(TOKEN).get("/v1/gate?team=research");

        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknownPath.status()).isEqualTo(401);
        assertThat(opa.status()).isEqualTo(401);
        assertThat(opa.json().get("code").asText()).isEqualTo("unauthorized");
        assertThat(right.status()).isEqualTo(200);
    }

    @Test
    void shouldServeOpenApiLivenessAndReadinessWhenNoTokenIsSent() throws Exception {
        HttpCalls http = serve(PolicyFixtures.filledState(), PolicyFixtures.config().bearerToken(TOKEN).build());

        assertThat(http.get("/openapi.json").status()).isEqualTo(200);
        assertThat(http.get("/livez").status()).isEqualTo(200);
        assertThat(http.get("/readyz").status()).isEqualTo(200);
    }
}
