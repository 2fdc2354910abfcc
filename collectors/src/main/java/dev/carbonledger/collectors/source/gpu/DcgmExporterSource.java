package dev.carbonledger.collectors.source.gpu;

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

/**
 * Scrapes NVIDIA dcgm-exporter: {@code DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION} is each GPU's energy counter in
 * millijoules since the driver loaded, labelled with {@code pod}/{@code namespace} when the exporter's
 * Kubernetes mapping is on. A GPU's counter predates its pod, so the first reading of a GPU for a pod is a
 * baseline; afterwards its increases add to the pod's {@code gpu} counter. GPUs assigned to no pod go to
 * {@code system_processes@<node>}.
 */
public final class DcgmExporterSource implements EnergySource, PersistentCounters {
    public static final String SOURCE = "gpu";
    static final String METRIC = "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION";

    private final HttpText http;
    private final URI metricsUrl;
    private final String node;
    private final PodUidResolver resolver;
    private final Clock clock;
    private final PodCounterAccumulator accumulator = new PodCounterAccumulator(false);

    public DcgmExporterSource(HttpText http, URI metricsUrl, String node, PodUidResolver resolver, Clock clock) {
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
        return "dcgm";
    }

    @Override
    public List<EnergySample> poll() throws IOException {
        Instant now = clock.instant();
        String body = http.get(metricsUrl, Map.of("Accept", "text/plain;version=0.0.4"));
        for (MetricSample m : PrometheusTextParser.parse(body, METRIC::equals)) {
            String pod = m.label("pod");
            String uid = pod.isEmpty() ? "system_processes@" + node : resolver.resolve(m.label("namespace"), pod);
            String gpu = m.label("UUID").isEmpty() ? m.label("gpu") : m.label("UUID");
            accumulator.add(new SeriesKey(uid, "gpu"), gpu, m.value() / 1000.0);
        }
        List<EnergySample> samples = new ArrayList<>();
        accumulator.finish().forEach((series, joules) -> samples.add(EnergySample.newBuilder()
                .setPodUid(series.podUid()).setComponent(series.component()).setNode(node).setTimestamp(now)
                .setEnergyJoules(joules).setSource(SOURCE).build()));
        return samples;
    }
}
