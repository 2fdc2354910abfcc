package dev.carbonledger.collectors.source.scaphandre;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.collectors.sample.CounterState;
import dev.carbonledger.collectors.source.EnergySource;
import dev.carbonledger.collectors.source.PersistentCounters;
import dev.carbonledger.collectors.source.PodUidResolver;
import dev.carbonledger.collectors.source.http.HttpText;
import dev.carbonledger.collectors.source.prometheus.MetricSample;
import dev.carbonledger.collectors.source.prometheus.PrometheusTextParser;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scaphandre's Prometheus exporter run with {@code --containers}: its per-process power gauge
 * {@code scaph_process_power_consumption_microwatts{pid,exe,cmdline,container_scheduler,kubernetes_pod_name,
 * kubernetes_pod_namespace,kubernetes_node_name,...}} is summed per pod at every scrape and integrated over time
 * into one cumulative joule counter per pod, component {@value #COMPONENT} (Scaphandre splits the host's measured
 * power among processes by their CPU time, so a pod's share covers the whole host power it accounts for).
 * Processes outside pods go to {@code system_processes@<node>}.
 *
 * <p>Integration: trapezoids between consecutive scrapes, {@code (P0 + P1) / 2 × Δt}, as for nvidia-smi; a pod
 * seen for the first time is a baseline (0 J: its power before the scrape is unknown); a pod absent from a scrape
 * is treated as 0 W from then on and forgotten. A gap longer than {@link #MAX_GAP} (the collector or the exporter
 * was down) is not extrapolated: the next scrape is a new baseline for every pod, the counters carry on from
 * their totals. Power readings and totals survive a collector restart through {@link PersistentCounters}.
 * Not thread-safe.
 */
public final class ScaphandreSource implements EnergySource, PersistentCounters {
    private static final Logger LOGGER = LoggerFactory.getLogger(ScaphandreSource.class);
    public static final String SOURCE = "scaphandre";
    static final String METRIC = "scaph_process_power_consumption_microwatts";
    public static final String COMPONENT = "platform";
    public static final Duration MAX_GAP = Duration.ofMinutes(5);
    private static final String TIME_KEY = "\u0000time";

    private final HttpText http;
    private final URI metricsUrl;
    private final String node;
    private final PodUidResolver resolver;
    private final Clock clock;
    /** Watts per pod at the previous scrape. */
    private Map<String, Double> lastWatts = new HashMap<>();
    private Instant lastScrape;
    /** Joules per pod since the pod was first seen. */
    private final Map<String, Double> totals = new LinkedHashMap<>();

    public ScaphandreSource(HttpText http, URI metricsUrl, String node, PodUidResolver resolver, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.metricsUrl = Objects.requireNonNull(metricsUrl, "metricsUrl");
        this.node = Objects.requireNonNull(node, "node");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return SOURCE;
    }

    @Override
    public List<EnergySample> poll() throws IOException {
        Instant now = clock.instant();
        return samples(http.get(metricsUrl, Map.of("Accept", "text/plain;version=0.0.4")), now);
    }

    /** One exposition, scraped at {@code at}, integrated since the previous one. */
    List<EnergySample> samples(String exposition, Instant at) {
        Map<String, Double> watts = new LinkedHashMap<>();
        for (MetricSample m : PrometheusTextParser.parse(exposition, METRIC::equals)) {
            if (!Double.isFinite(m.value()) || m.value() < 0) {
                continue;
            }
            watts.merge(podOf(m), m.value() / 1e6, Double::sum);
        }
        if (watts.isEmpty()) {
            LOGGER.warn("event=scaphandre_no_process_power url={} message=\"no {} sample; is the exporter running with "
                    + "--containers?\"", metricsUrl, METRIC);
        }
        double seconds = lastScrape == null ? -1 : Duration.between(lastScrape, at).toMillis() / 1000.0;
        if (lastScrape != null && (seconds <= 0 || seconds > MAX_GAP.toSeconds())) {
            LOGGER.warn("event=scaphandre_gap seconds={} maxSeconds={} action=\"new baseline: the power during the gap "
                    + "is unknown and not extrapolated\"", seconds, MAX_GAP.toSeconds());
            seconds = -1;
        }
        List<EnergySample> samples = new ArrayList<>(watts.size());
        for (Map.Entry<String, Double> pod : watts.entrySet()) {
            Double before = lastWatts.get(pod.getKey());
            double joules = before == null || seconds < 0 ? 0 : (before + pod.getValue()) / 2 * seconds;
            double total = totals.merge(pod.getKey(), joules, Double::sum);
            samples.add(EnergySample.newBuilder().setPodUid(pod.getKey()).setComponent(COMPONENT).setNode(node)
                    .setTimestamp(at).setEnergyJoules(total).setSource(SOURCE).build());
        }
        totals.keySet().retainAll(watts.keySet());
        lastWatts = watts;
        lastScrape = at;
        return samples;
    }

    private String podOf(MetricSample m) {
        String pod = m.label("kubernetes_pod_name");
        if (pod.isEmpty()) {
            return "system_processes@" + node;
        }
        return resolver.resolve(m.label("kubernetes_pod_namespace"), pod);
    }

    @Override
    public CounterState counterState() {
        Map<String, Double> raw = new HashMap<>(lastWatts);
        if (lastScrape != null) {
            raw.put(TIME_KEY, (double) lastScrape.toEpochMilli());
        }
        return new CounterState(raw, totals);
    }

    @Override
    public void restoreCounterState(CounterState state) {
        Map<String, Double> raw = new HashMap<>(state.raw());
        Double time = raw.remove(TIME_KEY);
        lastWatts = raw;
        lastScrape = time == null ? null : Instant.ofEpochMilli(time.longValue());
        totals.clear();
        totals.putAll(state.totals());
    }
}
