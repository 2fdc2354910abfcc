package dev.carbonledger.collectors.source.units;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Prometheus counter to scrape for functional units: where ({@code url}), which sample name ({@code metric}),
 * whose ({@code model_label}: the label naming the model, or {@code model}: one fixed model), in what unit, and
 * optionally only the series whose labels match ({@code match.<label>=<value>}).
 *
 * <p>Written as {@code key=value} pairs separated by commas; several targets separated by semicolons:
 * <pre>url=http://llm:8000/metrics,metric=vllm:request_success_total,model_label=model_name,unit=request;
 * url=http://bert:9000/metrics,metric=http_requests_total,model=bert-large,unit=request,match.code=200</pre>
 */
public record FunctionalUnitTarget(URI url, String metric, String modelLabel, String fixedModel, String unit,
                                   Map<String, String> match) {
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public FunctionalUnitTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        match = Map.copyOf(match);
    }

    /**
     * Parses a list of targets; each problem is added to {@code errors} prefixed with {@code setting}, so that every
     * error is reported at once. Returns the targets that parsed.
     */
    public static List<FunctionalUnitTarget> parseAll(String setting, String value, List<String> errors) {
        List<FunctionalUnitTarget> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        String[] targets = value.split(";");
        for (int i = 0; i < targets.length; i++) {
            if (targets[i].isBlank()) {
                continue;
            }
            String where = setting + " target " + (i + 1);
            int before = errors.size();
            FunctionalUnitTarget t = parse(where, targets[i].strip(), errors);
            if (errors.size() == before) {
                out.add(t);
            }
        }
        return out;
    }

    private static FunctionalUnitTarget parse(String where, String text, List<String> errors) {
        Map<String, String> pairs = new LinkedHashMap<>();
        Map<String, String> match = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                errors.add(where + ": expected key=value, got '" + part.strip() + "'");
                continue;
            }
            String key = part.substring(0, eq).strip();
            String v = part.substring(eq + 1).strip();
            if (key.startsWith("match.")) {
                String label = key.substring("match.".length());
                if (!LABEL.matcher(label).matches()) {
                    errors.add(where + ": '" + label + "' is not a Prometheus label name");
                }
                match.put(label, v);
            } else if (Map.of("url", 1, "metric", 1, "model_label", 1, "model", 1, "unit", 1).containsKey(key)) {
                pairs.put(key, v);
            } else {
                errors.add(where + ": unknown key '" + key + "' (known: url, metric, model_label, model, unit, match.<label>)");
            }
        }
        URI url = null;
        String u = pairs.getOrDefault("url", "");
        if (u.isEmpty()) {
            errors.add(where + ": url is required");
        } else {
            try {
                url = URI.create(u);
                if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                    errors.add(where + ": url must be http or https, got '" + u + "'");
                }
            } catch (IllegalArgumentException e) {
                errors.add(where + ": url '" + u + "' is not a valid URI");
            }
        }
        String metric = pairs.getOrDefault("metric", "");
        if (!METRIC.matcher(metric).matches()) {
            errors.add(where + ": metric must be a Prometheus metric name, got '" + metric + "'");
        }
        String modelLabel = pairs.getOrDefault("model_label", "");
        String model = pairs.getOrDefault("model", "");
        if (modelLabel.isEmpty() == model.isEmpty()) {
            errors.add(where + ": give exactly one of model_label (the label naming the model) or model (a fixed model)");
        } else if (!modelLabel.isEmpty() && !LABEL.matcher(modelLabel).matches()) {
            errors.add(where + ": model_label '" + modelLabel + "' is not a Prometheus label name");
        }
        String unit = pairs.getOrDefault("unit", "");
        if (unit.isEmpty()) {
            errors.add(where + ": unit is required (request, inference, token, training_step ...)");
        }
        return new FunctionalUnitTarget(url == null ? URI.create("http://invalid") : url, metric,
                modelLabel.isEmpty() ? null : modelLabel, model.isEmpty() ? null : model, unit, match);
    }
}
