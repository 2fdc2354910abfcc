package dev.carbonledger.sinks.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carbonledger.avro.PolicyDecision;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code GET /v1/decisions}: the latest decision of the policy topic for a subject ({@code team:<team>},
 * {@code zone:<zone>}, {@code job:<id>}), or the latest decisions of every subject with a prefix, by subject.
 */
final class DecisionView {
    /** At most this many decisions in one answer to a prefix query. */
    static final int MAX_DECISIONS = 1000;

    private final PolicyState state;

    DecisionView(PolicyState state) {
        this.state = state;
    }

    /**
     * {@code prefix=} with an empty value lists every subject (bounded).
     *
     * @throws ApiException 400 without subject or prefix (or with both), 404 for a subject without a decision
     */
    JsonNode decisions(QueryParams query) {
        var subject = query.first("subject");
        String prefix = query.first("prefix").orElse(query.has("prefix") ? "" : null);
        if (subject.isPresent() && prefix != null) {
            throw ApiException.badRequest("give either subject (one decision) or prefix (a list), not both");
        }
        if (subject.isPresent()) {
            return state.decision(subject.get()).map(DecisionView::render).orElseThrow(() ->
                    ApiException.notFound("no decision for subject " + Views.printable(subject.get())));
        }
        if (prefix == null) {
            throw ApiException.badRequest("subject or prefix is required: subject=team:<team> for one decision, "
                    + "prefix=team: for the latest decision of every subject that starts with it");
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        state.decisionsWithPrefix(prefix, MAX_DECISIONS).forEach(d -> out.add(render(d)));
        return out;
    }

    static ObjectNode render(PolicyDecision d) {
        ObjectNode out = Json.object();
        out.put("subject", d.getSubject());
        out.put("kind", d.getKind().name().toLowerCase(Locale.ROOT));
        out.put("decision", d.getDecision().name().toLowerCase(Locale.ROOT));
        out.put("reason", d.getReason());
        out.put("validFrom", d.getValidFrom().toString());
        out.put("validUntil", d.getValidUntil().toString());
        putNullable(out, "zone", d.getZone());
        putTime(out, "recommendedStart", d.getRecommendedStart());
        Json.putNumber(out, "expectedGCo2ePerKwh", d.getExpectedGCo2ePerKwh());
        Json.putNumber(out, "nowGCo2ePerKwh", d.getNowGCo2ePerKwh());
        Json.putNumber(out, "expectedSavingFraction", d.getExpectedSavingFraction());
        putNullable(out, "team", d.getTeam());
        putNullable(out, "workloadClass", d.getWorkloadClass());
        Json.putMap(out, "inputs", d.getInputs() == null ? java.util.Map.of() : d.getInputs());
        return out;
    }

    private static void putNullable(ObjectNode out, String field, String value) {
        if (value == null) {
            out.putNull(field);
        } else {
            out.put(field, value);
        }
    }

    private static void putTime(ObjectNode out, String field, Instant value) {
        if (value == null) {
            out.putNull(field);
        } else {
            out.put(field, value.toString());
        }
    }
}
