package dev.carbonledger.collectors.source.kepler;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.collectors.sample.CounterState;
import dev.carbonledger.collectors.sample.PodCounterAccumulator;
import dev.carbonledger.collectors.sample.SeriesKey;
import dev.carbonledger.collectors.source.EnergySource;
import dev.carbonledger.collectors.source.PersistentCounters;
import dev.carbonledger.collectors.source.PodUidResolver;
import dev.carbonledger.collectors.source.http.HttpText;
import dev.carbonledger.collectors.source.prometheus.MetricSample;
import dev.carbonledger.collectors.source.prometheus.PrometheusTextParser;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes a Kepler exporter's {@code /metrics} and turns its joule counters into one cumulative counter per
 * (pod, component). Two generations of Kepler are understood:
 * <ul>
 *   <li>Kepler 0.10+: {@code kepler_pod_cpu_joules_total{pod_id,pod_name,pod_namespace,state,zone}}; the pod
 *       uid is {@code pod_id}, the component is {@code zone} ({@code package}, {@code dram}, ...). When only
 *       the container level is exported, {@code kepler_container_cpu_joules_total{container_id,pod_id,zone}}
 *       is summed per {@code pod_id}; containers outside pods count as host processes.</li>
 *   <li>Kepler 0.7: {@code kepler_container_{package,dram,gpu,other}_joules_total} with labels
 *       {@code container_namespace}, {@code pod_name}, {@code container_id}, {@code mode} (dynamic, idle);
 *       summed over containers and modes per pod. When none of these is exposed, the aggregate
 *       {@code kepler_container_joules_total} is used as component {@code platform}. The pod uid comes from
 *       the {@link PodUidResolver} (namespace/name otherwise).</li>
 * </ul>
 * {@code core} and {@code uncore} are skipped wherever {@code package} is present: they are parts of it.
 * Kepler's pseudo-pod for host processes ({@code system_processes}) is keyed per node, so nodes never share
 * a series. The sample time is the scrape time.
 */
public final class KeplerScraper implements EnergySource, PersistentCounters {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeplerScraper.class);

    public static final String SOURCE = "kepler";
    static final String POD_METRIC = "kepler_pod_cpu_joules_total";
    static final String CONTAINER_TOTAL_METRIC = "kepler_container_joules_total";
    static final String CONTAINER_CPU_METRIC = "kepler_container_cpu_joules_total";
    private static final Map<String, String> CONTAINER_COMPONENT_METRICS = Map.of(
            "kepler_container_package_joules_total", "package",
            "kepler_container_dram_joules_total", "dram",
            "kepler_container_gpu_joules_total", "gpu",
            "kepler_container_other_joules_total", "other");
    private static final Set<String> SUB_PACKAGE_ZONES = Set.of("core", "uncore");
    static final String SYSTEM_PROCESSES = "system_processes";

    private final HttpText http;
    private final URI metricsUrl;
    private final String node;
    private final PodUidResolver resolver;
    private final Clock clock;
    private final PodCounterAccumulator accumulator = new PodCounterAccumulator();

    public KeplerScraper(HttpText http, URI metricsUrl, String node, PodUidResolver resolver, Clock clock) {
        this.http = Objects.requireNonNull(http, "http");
        this.metricsUrl = Objects.requireNonNull(metricsUrl, "metricsUrl");
        this.node = Objects.requireNonNull(node, "node");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public CounterState counterState() {
        return accumulator.snapshot();
    }

    @Override
    public void restoreCounterState(CounterState state) {
        accumulator.restore(state);
    }

    @Override
    public String name() {
        return SOURCE;
    }

    @Override
    public List<EnergySample> poll() throws IOException {
        Instant now = clock.instant();
        String body = http.get(metricsUrl, Map.of("Accept", "text/plain;version=0.0.4"));
        return samples(body, now);
    }

    /** Turns one exposition text, read at {@code at}, into samples. */
    List<EnergySample> samples(String exposition, Instant at) {
        List<MetricSample> metrics = PrometheusTextParser.parse(exposition,
                name -> name.equals(POD_METRIC) || name.equals(CONTAINER_TOTAL_METRIC) || name.equals(CONTAINER_CPU_METRIC)
                        || CONTAINER_COMPONENT_METRICS.containsKey(name));
        boolean podLevel = metrics.stream().anyMatch(m -> m.name().equals(POD_METRIC));
        boolean containerCpuLevel = !podLevel && metrics.stream().anyMatch(m -> m.name().equals(CONTAINER_CPU_METRIC));
        boolean perComponent = metrics.stream().anyMatch(m -> CONTAINER_COMPONENT_METRICS.containsKey(m.name()));
        boolean packagePresent = metrics.stream().anyMatch(m -> (m.name().equals(POD_METRIC)
                || m.name().equals(CONTAINER_CPU_METRIC)) && m.label("zone").equals("package"));
        for (MetricSample m : metrics) {
            if (podLevel) {
                if (m.name().equals(POD_METRIC)) {
                    addPodLevel(m, packagePresent);
                }
            } else if (containerCpuLevel) {
                if (m.name().equals(CONTAINER_CPU_METRIC)) {
                    addContainerCpuLevel(m, packagePresent);
                }
            } else if (perComponent) {
                String component = CONTAINER_COMPONENT_METRICS.get(m.name());
                if (component != null) {
                    addContainerLevel(m, component);
                }
            } else if (m.name().equals(CONTAINER_TOTAL_METRIC)) {
                addContainerLevel(m, "platform");
            }
        }
        Map<SeriesKey, Double> counters = accumulator.finish();
        if (counters.isEmpty()) {
            LOGGER.warn("event=kepler_no_pod_metrics url={} message=\"no {} or kepler_container_*_joules_total "
                    + "sample found; is the pod or container metrics level enabled?\"", metricsUrl, POD_METRIC);
        }
        List<EnergySample> samples = new ArrayList<>(counters.size());
        counters.forEach((series, joules) -> samples.add(EnergySample.newBuilder().setPodUid(series.podUid())
                .setComponent(series.component()).setNode(node).setTimestamp(at).setEnergyJoules(joules)
                .setSource(SOURCE).build()));
        return samples;
    }

    private void addPodLevel(MetricSample m, boolean packagePresent) {
        String zone = m.label("zone").isEmpty() ? "package" : m.label("zone");
        if (packagePresent && SUB_PACKAGE_ZONES.contains(zone)) {
            return;
        }
        String uid = m.label("pod_id");
        if (uid.isEmpty()) {
            uid = podId(m.label("pod_namespace"), m.label("pod_name"));
        }
        accumulator.add(new SeriesKey(uid, component(zone)), m.label("state"), m.value());
    }

    private void addContainerCpuLevel(MetricSample m, boolean packagePresent) {
        String zone = m.label("zone").isEmpty() ? "package" : m.label("zone");
        if (packagePresent && SUB_PACKAGE_ZONES.contains(zone)) {
            return;
        }
        String uid = m.label("pod_id").isEmpty() ? SYSTEM_PROCESSES + "@" + node : m.label("pod_id");
        accumulator.add(new SeriesKey(uid, component(zone)), m.label("container_id") + '/' + m.label("state"),
                m.value());
    }

    private void addContainerLevel(MetricSample m, String component) {
        String podId = podId(m.label("container_namespace"), m.label("pod_name"));
        accumulator.add(new SeriesKey(podId, component), m.label("container_id") + '/' + m.label("mode"), m.value());
    }

    private String podId(String namespace, String name) {
        if (name.equals(SYSTEM_PROCESSES) || name.isEmpty()) {
            return SYSTEM_PROCESSES + "@" + node;
        }
        return resolver.resolve(namespace, name);
    }

    private static String component(String zone) {
        return switch (zone) {
            case "psys", "platform" -> "platform";
            default -> zone;
        };
    }
}
