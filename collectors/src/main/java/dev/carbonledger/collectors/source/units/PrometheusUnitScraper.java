package dev.carbonledger.collectors.source.units;

import dev.carbonledger.avro.FunctionalUnitSample;
import dev.carbonledger.collectors.source.http.HttpText;
import dev.carbonledger.collectors.source.prometheus.MetricSample;
import dev.carbonledger.collectors.source.prometheus.PrometheusTextParser;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes an inference service's own Prometheus counter (a {@link FunctionalUnitTarget}) and publishes one
 * {@link FunctionalUnitSample} per series: every distinct label set of the metric is its own counter (each replica,
 * each status code ...), so resets of one replica never look like a drop of the others. The series id is
 * {@code <url> <metric>{<labels, sorted>}}; the reading time is the sample's own timestamp when the exposition has
 * one, else the scrape time. Series without the model label are skipped and logged; non-finite or negative values
 * too (they cannot be counters).
 */
public final class PrometheusUnitScraper implements FunctionalUnitSource {
    private static final Logger LOGGER = LoggerFactory.getLogger(PrometheusUnitScraper.class);
    public static final String SOURCE = "prometheus";

    private final HttpText http;
    private final FunctionalUnitTarget target;
    private final Clock clock;

    public PrometheusUnitScraper(HttpText http, FunctionalUnitTarget target, Clock clock) {
        this.http = http;
        this.target = target;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "units:" + target.url().getAuthority() + "/" + target.metric();
    }

    @Override
    public List<FunctionalUnitSample> units() throws IOException {
        String body = http.get(target.url());
        Instant now = clock.instant();
        List<FunctionalUnitSample> out = new ArrayList<>();
        int skipped = 0;
        for (MetricSample s : PrometheusTextParser.parse(body, target.metric()::equals)) {
            if (!matches(s)) {
                continue;
            }
            String model = target.fixedModel() != null ? target.fixedModel() : s.label(target.modelLabel());
            if (model.isEmpty() || !Double.isFinite(s.value()) || s.value() < 0) {
                skipped++;
                continue;
            }
            Instant ts = s.timestampMillis().isPresent() ? Instant.ofEpochMilli(s.timestampMillis().getAsLong()) : now;
            out.add(new FunctionalUnitSample(model, target.unit(), seriesId(s), ts, s.value(), SOURCE));
        }
        if (skipped > 0) {
            LOGGER.warn("event=unit_series_skipped source={} url={} count={} reason=no_model_label_or_not_a_counter_value",
                    name(), target.url(), skipped);
        }
        return out;
    }

    private boolean matches(MetricSample s) {
        for (Map.Entry<String, String> m : target.match().entrySet()) {
            if (!s.label(m.getKey()).equals(m.getValue())) {
                return false;
            }
        }
        return true;
    }

    private String seriesId(MetricSample s) {
        StringBuilder b = new StringBuilder().append(target.url()).append(' ').append(s.name()).append('{');
        String sep = "";
        for (Map.Entry<String, String> e : new TreeMap<>(s.labels()).entrySet()) {
            b.append(sep).append(e.getKey()).append("=\"").append(e.getValue()).append('"');
            sep = ",";
        }
        return b.append('}').toString();
    }
}
