package dev.carbonledger.sinks.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The policy server's endpoints over a {@link PolicyState}: the route table the HTTP handler serves and the OpenAPI
 * document describes (a test holds the two equal). No HTTP server types here, so every endpoint can be exercised on
 * a state filled by hand.
 */
final class PolicyApi {
    static final String OPENAPI_RESOURCE = "/dev/carbonledger/sinks/policy/openapi.json";
    static final String NOT_CAUGHT_UP = "the policy server is not caught up yet with its topics (budgets, status, "
            + "forecasts, decisions, intensity); retry shortly";

    private final PolicyState state;
    private final GateView gates;
    private final ForecastView forecasts;
    private final ZoneView zones;
    private final WindowView windows;
    private final DecisionView decisions;
    private final JsonNode openApi;
    private final List<Route> routes;

    PolicyApi(PolicyServerConfig config, PolicyState state) {
        this.state = state;
        this.gates = new GateView(state, config.criticalClasses());
        this.forecasts = new ForecastView(state);
        this.zones = new ZoneView(state);
        this.windows = new WindowView(state, config.maxWindowSearch());
        this.decisions = new DecisionView(state);
        this.openApi = loadOpenApi();
        this.routes = List.of(
                Route.get("/emissions/forecasts/current", false, true, r -> Reply.ok(forecasts.current(r.query(), r.now()))),
                Route.get("/v1/gate", false, true, r -> Reply.ok(GateView.render(gate(r)))),
                new Route("/v1/data/carbon/gate", Set.of("GET", "POST"), false, true, true, this::opaGate),
                Route.get("/v1/keda/teams/{team}", false, true, r -> Reply.ok(GateView.renderKeda(gates.evaluate(
                        r.pathParam("team"), r.query().first("class").orElse(null), r.now())))),
                Route.get("/v1/keda/zones/{zone}", false, true, r -> Reply.ok(zones.zone(r.pathParam("zone"), r.now()))),
                Route.get("/v1/windows", false, true, r -> Reply.ok(windows.window(r.query(), r.now()))),
                Route.get("/v1/decisions", false, true, r -> Reply.ok(decisions.decisions(r.query()))),
                Route.get("/openapi.json", true, false, r -> Reply.ok(openApi)),
                Route.get("/livez", true, false, r -> Reply.ok(Json.object().put("live", true))),
                Route.get("/readyz", true, false, r -> readiness()));
    }

    List<Route> routes() {
        return routes;
    }

    private GateView.Gate gate(Route.Request r) {
        String team = r.query().required("team", "the team whose carbon budget gates the work, e.g. team=research");
        return gates.evaluate(team, r.query().first("class").orElse(null), r.now());
    }

    /** OPA's Data API: {@code POST {"input": {"team", "class"}}} or {@code GET ?team=&class=}, answered as {@code {"result": ...}}. */
    private Reply opaGate(Route.Request r) {
        GateView.Gate gate;
        if (r.method().equals("POST")) {
            JsonNode input = opaInput(r.body());
            gate = gates.evaluate(opaString(input, "team", true), opaString(input, "class", false), r.now());
        } else {
            gate = gate(r);
        }
        ObjectNode out = Json.object();
        out.set("result", GateView.render(gate));
        return Reply.ok(out);
    }

    private static JsonNode opaInput(byte[] body) {
        String expected = "the body must be JSON like {\"input\": {\"team\": \"research\", \"class\": \"batch\"}}";
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("the request body is not JSON: " + expected);
        }
        if (root == null || !root.path("input").isObject()) {
            throw ApiException.badRequest("input is required: " + expected);
        }
        return root.get("input");
    }

    private static String opaString(JsonNode input, String field, boolean required) {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.badRequest("input." + field + " is required: the team whose carbon budget gates "
                        + "the work, e.g. {\"input\": {\"team\": \"research\"}}");
            }
            return null;
        }
        if (!value.isTextual() || (required && value.asText().isBlank())) {
            throw ApiException.badRequest("input." + field + " must be a non-empty string");
        }
        return value.asText().strip();
    }

    private Reply readiness() {
        ObjectNode out = Json.object();
        out.put("ready", state.isCaughtUp());
        out.put("invalidBudgets", state.invalidBudgets());
        out.put("invalidForecasts", state.invalidForecasts());
        ObjectNode errors = out.putObject("decodeErrors");
        state.decodeErrors().forEach(errors::put);
        if (state.isCaughtUp()) {
            return Reply.ok(out);
        }
        out.put("error", NOT_CAUGHT_UP);
        out.put("status", 503);
        return new Reply(503, out, Map.of("Retry-After", "1"));
    }

    private static JsonNode loadOpenApi() {
        try (InputStream in = PolicyApi.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + OPENAPI_RESOURCE + " is missing from the sinks jar");
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + OPENAPI_RESOURCE, e);
        }
    }
}
