package dev.carbonledger.launcher.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.schemas.mapping.DomainRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Maps one JSON object of each replay input file (DESIGN section 5) to the pipeline's Avro record. */
final class ReplayRecords {
    private ReplayRecords() {}

    static EnergySample sample(JsonNode line) {
        long ts = Timestamps.parse(line.get("ts"), "ts");
        double joules = number(line, "joules");
        if (!Double.isFinite(joules) || joules < 0) {
            throw new MalformedLineException("\"joules\" must be a finite number >= 0, got " + line.get("joules"));
        }
        return EnergySample.newBuilder()
                .setPodUid(text(line, "pod"))
                .setComponent(text(line, "component"))
                .setNode(text(line, "node"))
                .setTimestamp(Instant.ofEpochMilli(ts))
                .setEnergyJoules(joules)
                .setSource("replay")
                .build();
    }

    static PodMetadata pod(JsonNode line) {
        return PodMetadata.newBuilder()
                .setPodUid(text(line, "pod"))
                .setNamespace(text(line, "namespace"))
                .setName(text(line, "name"))
                .setTeam(optionalText(line, "team"))
                .setModel(optionalText(line, "model"))
                .setLabels(Map.of())
                .build();
    }

    static NodeInfo node(JsonNode line) {
        Double pue = null;
        JsonNode p = line.get("pue");
        if (p != null && !p.isNull()) {
            pue = number(line, "pue");
            if (!Double.isFinite(pue) || pue <= 0) {
                throw new MalformedLineException("\"pue\" must be a positive number, got " + p);
            }
        }
        return NodeInfo.newBuilder().setNode(text(line, "node")).setZone(text(line, "zone")).setPue(pue)
                .setLabels(Map.of()).build();
    }

    static IntensityRecord intensity(JsonNode line) {
        long from = Timestamps.parse(line.get("from"), "from");
        JsonNode toNode = line.get("to");
        Instant to = toNode == null || toNode.isNull() ? null : Instant.ofEpochMilli(Timestamps.parse(toNode, "to"));
        double value = number(line, "gCo2ePerKwh");
        if (!Double.isFinite(value) || value < 0) {
            throw new MalformedLineException("\"gCo2ePerKwh\" must be a finite number >= 0, got " + line.get("gCo2ePerKwh"));
        }
        JsonNode forecast = line.get("forecast");
        if (forecast != null && !forecast.isNull() && !forecast.isBoolean()) {
            throw new MalformedLineException("\"forecast\" must be true or false, got " + forecast);
        }
        return IntensityRecord.newBuilder()
                .setZone(text(line, "zone"))
                .setFrom(Instant.ofEpochMilli(from))
                .setTo(to)
                .setGCo2ePerKwh(value)
                .setSignal(IntensitySignal.AVERAGE)
                .setProvider("replay")
                .setEstimated(false)
                .setForecast(forecast != null && forecast.booleanValue())
                .build();
    }

    /**
     * {@code budgets.jsonl}: {@code {"team","period","limitGrams","tier"?,"thresholds"?}} (DESIGN section 5); tier
     * defaults to soft, thresholds to [0.5, 0.8, 1.0]. Every problem of the line is reported at once.
     */
    static Budget budget(JsonNode line) {
        String team = text(line, "team");
        BudgetPeriod period;
        try {
            period = BudgetPeriod.parse(text(line, "period"));
        } catch (IllegalArgumentException e) {
            throw new MalformedLineException("\"period\" must be day, week or month, got " + line.get("period"));
        }
        double limit = number(line, "limitGrams");
        BudgetTier tier = BudgetTier.SOFT;
        String tierText = optionalText(line, "tier");
        if (tierText != null) {
            try {
                tier = BudgetTier.parse(tierText);
            } catch (IllegalArgumentException e) {
                throw new MalformedLineException("\"tier\" must be hard or soft, got " + line.get("tier"));
            }
        }
        List<Double> thresholds = BudgetSpec.DEFAULT_THRESHOLDS;
        JsonNode t = line.get("thresholds");
        if (t != null && !t.isNull()) {
            if (!t.isArray()) {
                throw new MalformedLineException("\"thresholds\" must be an array of fractions of the limit, got " + t);
            }
            thresholds = new ArrayList<>();
            for (JsonNode v : t) {
                if (!v.isNumber()) {
                    throw new MalformedLineException("\"thresholds\" must hold numbers only, got " + v);
                }
                thresholds.add(v.doubleValue());
            }
        }
        List<String> problems = BudgetSpec.problems(team, period, limit, tier, thresholds);
        if (!problems.isEmpty()) {
            throw new MalformedLineException(String.join("; ", problems));
        }
        return DomainRecords.budget(BudgetSpec.validated(team, period, limit, tier, thresholds), "replay", null);
    }

    private static String text(JsonNode line, String field) {
        JsonNode v = line.get(field);
        if (v == null || v.isNull()) {
            throw new MalformedLineException("missing field \"" + field + "\"");
        }
        if (!v.isTextual() || v.textValue().isEmpty()) {
            throw new MalformedLineException("\"" + field + "\" must be a non-empty string, got " + v);
        }
        return v.textValue();
    }

    private static String optionalText(JsonNode line, String field) {
        JsonNode v = line.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new MalformedLineException("\"" + field + "\" must be a string or null, got " + v);
        }
        return v.textValue().isEmpty() ? null : v.textValue();
    }

    private static double number(JsonNode line, String field) {
        JsonNode v = line.get(field);
        if (v == null || v.isNull()) {
            throw new MalformedLineException("missing field \"" + field + "\"");
        }
        if (!v.isNumber()) {
            throw new MalformedLineException("\"" + field + "\" must be a number, got " + v);
        }
        return v.doubleValue();
    }
}
