package dev.carbonledger.collectors;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.collectors.publisher.CollectorPublisher;
import dev.carbonledger.collectors.publisher.PublisherStats;
import dev.carbonledger.collectors.sample.CounterState;
import dev.carbonledger.collectors.sample.CounterStateFile;
import dev.carbonledger.collectors.source.EnergySource;
import dev.carbonledger.collectors.source.IntensityReadings;
import dev.carbonledger.collectors.source.IntensitySource;
import dev.carbonledger.collectors.source.NodeInfoSource;
import dev.carbonledger.collectors.source.PersistentCounters;
import dev.carbonledger.collectors.source.PodMetadataSource;
import dev.carbonledger.collectors.source.Source;
import dev.carbonledger.collectors.source.units.FunctionalUnitSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent's loop: polls its sources on a schedule and publishes what they read. Energy, pod metadata
 * and node info are polled on one thread (so a pod's metadata is published before its first samples), grid
 * intensity on another (a slow provider never delays energy readings). A failing source is logged with its
 * name and polled again at its next tick; it never stops the others. Pod metadata is published when new or
 * changed. The collector owns its publisher and sources and closes them.
 */
public final class Collector implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(Collector.class);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(15);

    private final CollectorPublisher publisher;
    private final List<EnergySource> energySources;
    private final List<PodMetadataSource> podSources;
    private final List<NodeInfoSource> nodeSources;
    private final List<IntensitySource> intensitySources;
    private final List<FunctionalUnitSource> functionalUnitSources;
    private final Duration energyInterval;
    private final Duration podInterval;
    private final Duration nodeInterval;
    private final Duration intensityInterval;
    private final boolean podTombstones;
    private final CounterStateFile counterStateFile;
    private boolean countersRestored;

    private final Object nodeLock = new Object();
    /** Per pod source, the pods it listed last time, as published. */
    private final Map<PodMetadataSource, Map<String, PodMetadata>> publishedPods = new IdentityHashMap<>();
    /** Pods whose samples already triggered a pod refresh; bounded, as pods come and go. */
    private final Set<String> refreshTriggeredBy = new HashSet<>();
    private static final int MAX_REFRESH_TRIGGERS = 10_000;
    private final Map<String, Long> failures = new LinkedHashMap<>();
    private final Map<String, Integer> consecutiveFailures = new HashMap<>();
    private ScheduledExecutorService nodeLoop;
    private ScheduledExecutorService intensityLoop;
    private boolean closed;

    private Collector(Builder b) {
        this.publisher = Objects.requireNonNull(b.publisher, "publisher");
        this.energySources = List.copyOf(b.energySources);
        this.functionalUnitSources = List.copyOf(b.functionalUnitSources);
        this.podSources = List.copyOf(b.podSources);
        this.nodeSources = List.copyOf(b.nodeSources);
        this.intensitySources = List.copyOf(b.intensitySources);
        this.energyInterval = positive(b.energyInterval, "energyInterval");
        this.podInterval = positive(b.podInterval, "podInterval");
        this.nodeInterval = positive(b.nodeInterval, "nodeInterval");
        this.intensityInterval = positive(b.intensityInterval, "intensityInterval");
        this.podTombstones = b.podTombstones;
        this.counterStateFile = b.counterStateFile;
    }

    public static Builder builder(CollectorPublisher publisher) {
        return new Builder(publisher);
    }

    /** Starts polling: node info, pods and energy at once, then at their intervals. Idempotent. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("collector is closed");
        }
        if (nodeLoop != null) {
            return;
        }
        LOGGER.info("event=collector_start energySources={} podSources={} nodeSources={} intensitySources={} "
                        + "energyInterval={} podInterval={} intensityInterval={}",
                names(energySources), names(podSources), names(nodeSources), names(intensitySources),
                energyInterval, podInterval, intensityInterval);
        nodeLoop = Executors.newSingleThreadScheduledExecutor(threads("carbon-ledger-collector-energy"));
        intensityLoop = Executors.newSingleThreadScheduledExecutor(threads("carbon-ledger-collector-intensity"));
        schedule(nodeLoop, this::pollNodesOnce, nodeInterval);
        schedule(nodeLoop, this::pollPodsOnce, podInterval);
        schedule(nodeLoop, this::pollEnergyOnce, energyInterval);
        schedule(intensityLoop, this::pollIntensityOnce, intensityInterval);
    }

    /** Polls every source once, synchronously, in the order nodes, pods, energy, intensity. */
    public void pollAllOnce() {
        pollNodesOnce();
        pollPodsOnce();
        pollEnergyOnce();
        pollIntensityOnce();
    }

    /** Polls the node-info sources once and publishes every node. Returns the number published. */
    public int pollNodesOnce() {
        synchronized (nodeLock) {
            int count = 0;
            for (NodeInfoSource source : nodeSources) {
                try {
                    List<NodeInfo> nodes = source.nodes();
                    nodes.forEach(publisher::publish);
                    count += nodes.size();
                    succeeded(source.name());
                } catch (Exception e) {
                    failed(source.name(), "nodes", e);
                }
            }
            return count;
        }
    }

    /** Polls the pod sources once and publishes new or changed pods. Returns the number published. */
    public int pollPodsOnce() {
        synchronized (nodeLock) {
            int count = 0;
            // Metadata the broker never acknowledged (Kafka was down) counts as not published.
            Set<String> undelivered = publisher.takeFailedPods();
            for (PodMetadataSource source : podSources) {
                try {
                    count += publishPods(source, source.pods(), undelivered);
                    succeeded(source.name());
                } catch (Exception e) {
                    failed(source.name(), "pods", e);
                }
            }
            return count;
        }
    }

    /**
     * Polls the energy sources once and publishes their samples. A sample of a pod whose metadata was never
     * published triggers one pod refresh first. Returns the number of samples published.
     */
    public int pollEnergyOnce() {
        synchronized (nodeLock) {
            restoreCounters();
            List<EnergySample> batch = new ArrayList<>();
            for (EnergySource source : energySources) {
                try {
                    batch.addAll(source.poll());
                    succeeded(source.name());
                } catch (Exception e) {
                    failed(source.name(), "energy", e);
                }
            }
            if (!podSources.isEmpty() && hasUnseenPod(batch)) {
                pollPodsOnce();
            }
            batch.forEach(publisher::publish);
            pollFunctionalUnits();
            publisher.drainSamples();
            saveCounters();
            return batch.size();
        }
    }

    /** Functional-unit counters are read on the energy tick, so R and E cover the same intervals. */
    private void pollFunctionalUnits() {
        for (FunctionalUnitSource source : functionalUnitSources) {
            try {
                source.units().forEach(publisher::publish);
                succeeded(source.name());
            } catch (Exception e) {
                failed(source.name(), "functional_units", e);
            }
        }
    }

    /** Polls the intensity providers once and publishes records and forecasts. Returns the records published. */
    public int pollIntensityOnce() {
        int count = 0;
        for (IntensitySource source : intensitySources) {
            try {
                IntensityReadings readings = source.intensity();
                for (IntensityRecord record : readings.records()) {
                    publisher.publish(record);
                }
                for (IntensityForecast forecast : readings.forecasts()) {
                    publisher.publish(forecast);
                }
                count += readings.records().size() + readings.forecasts().size();
                succeeded(source.name());
            } catch (Exception e) {
                failed(source.name(), "intensity", e);
            }
        }
        return count;
    }

    /** Energy samples acknowledged by the broker so far. */
    public long samplesPublished() {
        return publisher.stats().samples();
    }

    public PublisherStats publisherStats() {
        return publisher.stats();
    }

    /** The producer's own metrics (send rate, errors, latency), for the health endpoint. */
    public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> kafkaMetrics() {
        return publisher.kafkaMetrics();
    }

    /** Failed polls per source name since start. */
    public Map<String, Long> sourceFailures() {
        synchronized (failures) {
            return Map.copyOf(failures);
        }
    }

    /** Blocks until everything published so far is acknowledged or failed. */
    public void flush() {
        publisher.flush();
    }

    /** Stops polling, waits for a running poll to finish, flushes and closes the publisher and sources. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop(nodeLoop);
        stop(intensityLoop);
        try {
            publisher.flush();
        } finally {
            publisher.close();
            Set<Source> sources = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            sources.addAll(energySources);
            sources.addAll(podSources);
            sources.addAll(nodeSources);
            sources.addAll(intensitySources);
            sources.addAll(functionalUnitSources);
            for (Source source : sources) {
                try {
                    source.close();
                } catch (Exception e) {
                    LOGGER.warn("event=source_close_failed reason={}", e.toString());
                }
            }
        }
        LOGGER.info("event=collector_closed stats={}", publisher.stats());
    }

    /** Before the first energy poll: the counters saved by the previous run, so a restart is not a reset. */
    private void restoreCounters() {
        if (countersRestored || counterStateFile == null) {
            return;
        }
        countersRestored = true;
        Map<String, CounterState> saved = counterStateFile.load();
        for (EnergySource source : energySources) {
            CounterState state = saved.get(source.name());
            if (source instanceof PersistentCounters persistent && state != null) {
                persistent.restoreCounterState(state);
            }
        }
    }

    private void saveCounters() {
        if (counterStateFile == null) {
            return;
        }
        Map<String, CounterState> states = new LinkedHashMap<>();
        for (EnergySource source : energySources) {
            if (source instanceof PersistentCounters persistent) {
                states.put(source.name(), persistent.counterState());
            }
        }
        counterStateFile.save(states);
    }

    private int publishPods(PodMetadataSource source, List<PodMetadata> pods, Set<String> undelivered) {
        Map<String, PodMetadata> previous = new HashMap<>(publishedPods.getOrDefault(source, Map.of()));
        previous.keySet().removeAll(undelivered);
        Map<String, PodMetadata> current = new HashMap<>();
        int count = 0;
        for (PodMetadata pod : pods) {
            current.put(pod.getPodUid(), pod);
            if (!pod.equals(previous.get(pod.getPodUid()))) {
                publisher.publish(pod);
                count++;
            }
        }
        // Pods no longer listed are forgotten (memory stays bounded as pods come and go); their last
        // metadata stays on the compacted topic unless tombstones are on.
        for (String gone : previous.keySet()) {
            if (!current.containsKey(gone) && podTombstones) {
                publisher.publishPodDeleted(gone);
            }
        }
        publishedPods.put(source, current);
        return count;
    }

    private boolean hasUnseenPod(List<EnergySample> batch) {
        if (refreshTriggeredBy.size() > MAX_REFRESH_TRIGGERS) {
            refreshTriggeredBy.clear();
        }
        boolean unseen = false;
        for (EnergySample sample : batch) {
            String uid = sample.getPodUid();
            if (publishedPods.values().stream().noneMatch(pods -> pods.containsKey(uid)) && refreshTriggeredBy.add(uid)) {
                unseen = true;
            }
        }
        return unseen;
    }

    private void succeeded(String source) {
        Integer previous;
        synchronized (failures) {
            previous = consecutiveFailures.remove(source);
        }
        if (previous != null) {
            LOGGER.info("event=source_recovered source={} failedPolls={}", source, previous);
        }
    }

    private void failed(String source, String kind, Exception e) {
        int consecutive;
        synchronized (failures) {
            failures.merge(source, 1L, Long::sum);
            consecutive = consecutiveFailures.merge(source, 1, Integer::sum);
        }
        // The first failure and every tenth after it at WARN: a source down for hours must not flood the log.
        if (consecutive == 1 || consecutive % 10 == 0) {
            LOGGER.warn("event=source_failed source={} kind={} consecutiveFailures={} reason={}", source, kind,
                    consecutive, e.toString());
        } else {
            LOGGER.debug("event=source_failed source={} kind={} consecutiveFailures={} reason={}", source, kind,
                    consecutive, e.toString());
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    private void schedule(ScheduledExecutorService loop, Runnable task, Duration interval) {
        loop.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A bug in a source must not cancel the schedule: log and poll again next tick.
                LOGGER.error("event=poll_failed reason={}", e.toString(), e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void stop(ScheduledExecutorService loop) {
        if (loop == null) {
            return;
        }
        loop.shutdown();
        try {
            if (!loop.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOGGER.warn("event=collector_stop_timeout timeout={}", SHUTDOWN_TIMEOUT);
                loop.shutdownNow();
            }
        } catch (InterruptedException e) {
            loop.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static List<String> names(List<? extends Source> sources) {
        return sources.stream().map(Source::name).toList();
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
        return d;
    }

    /** Builds a {@link Collector}; defaults: energy 5 s, pods 30 s, nodes 10 min, intensity 5 min. */
    public static final class Builder {
        private final CollectorPublisher publisher;
        private final List<EnergySource> energySources = new ArrayList<>();
        private final List<PodMetadataSource> podSources = new ArrayList<>();
        private final List<NodeInfoSource> nodeSources = new ArrayList<>();
        private final List<IntensitySource> intensitySources = new ArrayList<>();
        private final List<FunctionalUnitSource> functionalUnitSources = new ArrayList<>();
        private Duration energyInterval = Duration.ofSeconds(5);
        private Duration podInterval = Duration.ofSeconds(30);
        private Duration nodeInterval = Duration.ofMinutes(10);
        private Duration intensityInterval = Duration.ofMinutes(5);
        private boolean podTombstones;
        private CounterStateFile counterStateFile;

        private Builder(CollectorPublisher publisher) {
            this.publisher = publisher;
        }

        public Builder energySource(EnergySource source) {
            energySources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        public Builder podSource(PodMetadataSource source) {
            podSources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        public Builder nodeSource(NodeInfoSource source) {
            nodeSources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        public Builder intensitySource(IntensitySource source) {
            intensitySources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** A source of functional-unit counters (the R of SCI), polled on the energy tick. */
        public Builder functionalUnitSource(FunctionalUnitSource source) {
            functionalUnitSources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        public Builder energyInterval(Duration interval) {
            this.energyInterval = interval;
            return this;
        }

        public Builder podInterval(Duration interval) {
            this.podInterval = interval;
            return this;
        }

        public Builder nodeInterval(Duration interval) {
            this.nodeInterval = interval;
            return this;
        }

        public Builder intensityInterval(Duration interval) {
            this.intensityInterval = interval;
            return this;
        }

        /**
         * Publish a tombstone when a pod disappears from its pod source's listing. Off by default: the
         * pipeline may still receive late samples of a finished pod and should attribute them.
         */
        public Builder podTombstones(boolean enabled) {
            this.podTombstones = enabled;
            return this;
        }

        /**
         * Keep the counters of sources that sum or baseline raw counters in {@code file}: restored before the
         * first energy poll, saved after every one. Without it a restart starts every counter fresh.
         */
        public Builder counterStateFile(CounterStateFile file) {
            this.counterStateFile = file;
            return this;
        }

        public Collector build() {
            return new Collector(this);
        }
    }
}
