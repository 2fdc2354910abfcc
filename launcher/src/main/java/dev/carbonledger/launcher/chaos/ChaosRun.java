package dev.carbonledger.launcher.chaos;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.AlertStatus;
import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.BrokerProcess;
import dev.carbonledger.launcher.replay.RecordedWorkload;
import dev.carbonledger.launcher.replay.ReplayResults;
import dev.carbonledger.launcher.replay.ReplayRunner;
import dev.carbonledger.launcher.replay.ReplaySettings;
import dev.carbonledger.launcher.runtime.Components;
import dev.carbonledger.launcher.runtime.Registries;
import dev.carbonledger.launcher.topics.TopicAdmin;
import dev.carbonledger.registry.EmbeddedRegistryConfig;
import dev.carbonledger.registry.EmbeddedSchemaRegistry;
import dev.carbonledger.registry.KafkaSchemaLog;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault run: the recorded workload through a child-JVM broker, two streams instances, the sinks and a collector,
 * each its own JVM, while faults are injected; then the same comparisons against the fault-free replay of the input.
 * Everything binds to 127.0.0.1.
 */
final class ChaosRun {
    private static final Logger LOGGER = LoggerFactory.getLogger(ChaosRun.class);
    private static final Duration READY = Duration.ofMinutes(3);
    private static final int PARTITIONS = 4;
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final List<String> COLLECTOR_PODS = List.of("c0ffee00-0000-4000-8000-000000000001",
            "c0ffee00-0000-4000-8000-000000000002", "c0ffee00-0000-4000-8000-000000000003");

    private static final String COLLECTOR_PUBLISHED = "carbon_ledger_collector_samples_published_total";

    private final ChaosSettings settings;
    private final ChaosReport report;
    private final TopicNames topics = TopicNames.defaults();
    private final long deadlineNanos;

    ChaosRun(ChaosSettings settings) {
        this.settings = settings;
        this.report = new ChaosReport(settings.form());
        this.deadlineNanos = System.nanoTime() + settings.timeLimit().toNanos();
    }

    ChaosReport run() throws Exception {
        Path work = settings.workDir();
        Files.createDirectories(work.resolve("logs"));
        Path input = settings.input();
        if (input == null) {
            input = work.resolve("workload");
            java.time.Instant start = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS)
                    .minus(Duration.ofHours(settings.hours() + 1L));
            long samples = WorkloadGenerator.write(input, start, settings.pods(), settings.hours(),
                    settings.intervalSeconds(), COLLECTOR_PODS, 42);
            LOGGER.info("event=chaos_workload_generated dir={} samples={} pods={} hours={}", input, samples,
                    settings.pods(), settings.hours());
        }
        RecordedWorkload workload = RecordedWorkload.load(input);
        report.recordsIn(workload.sampleCount());

        long started = System.nanoTime();
        Path baseline = work.resolve("baseline");
        new ReplayRunner(new ReplaySettings(input, baseline, WINDOW, null, null, PARTITIONS, 1, 475, 1.0,
                Duration.ofMinutes(30), work.resolve("baseline-work"), false, Map.of())).run();
        report.baselineTook(Duration.ofNanos(System.nanoTime() - started));
        LOGGER.info("event=chaos_baseline_done output={}", baseline);

        started = System.nanoTime();
        Path faulty = work.resolve("faulty");
        Files.createDirectories(faulty);
        faultRun(workload, work, faulty);
        report.faultRunTook(Duration.ofNanos(System.nanoTime() - started));

        compare(baseline, faulty, workload.withBudgets());
        return report;
    }

    private void faultRun(RecordedWorkload workload, Path work, Path faulty) throws Exception {
        int proxyPort = freePort();
        BrokerConfig brokerConfig = BrokerConfig.builder(work.resolve("broker")).port(0).controllerPort(0)
                .partitions(PARTITIONS).proxiedListener(new BrokerConfig.ProxiedListener(freePort(), proxyPort)).build();
        int registryPort = freePort();
        String registryUrl = "http://127.0.0.1:" + registryPort;
        int metricsPort = freePort();
        List<ChildComponent> children = new ArrayList<>();
        try (BrokerProcess broker = BrokerProcess.start(brokerConfig);
                KeplerEndpoint kepler = new KeplerEndpoint(COLLECTOR_PODS).start();
                AlertReceiver alertmanager = new AlertReceiver().start();
                TcpProxy proxy = new TcpProxy(proxyPort, brokerConfig.proxiedListener().port());
                Supervisor supervisor = new Supervisor(report)) {
            String bootstrap = broker.bootstrapServers();
            Properties client = new Properties();
            client.put("bootstrap.servers", bootstrap);
            try (Admin admin = Admin.create(client)) {
                TopicAdmin.ensure(admin, topics.all(PARTITIONS), (short) 1, true);
            }
            RegistryServer registry = new RegistryServer(registryPort, bootstrap, topics.schemas());
            registry.start();
            SchemaRegistryClient registryClient = Registries.rest(registryUrl);
            workload.produceReference(client, registryClient, topics);
            proxy.restore();

            ChildComponent sinks = child(children, work, "sinks", List.of("sinks", "--bootstrap-servers", bootstrap,
                    "--schema-registry-url", registryUrl, "--metrics-host", "127.0.0.1", "--metrics-port",
                    Integer.toString(metricsPort), "--policy-port", "-1", "--alertmanager-url", alertmanager.url()),
                    Map.of(), "http://127.0.0.1:" + metricsPort + "/readyz");
            ChildComponent streamsA = streams(children, work, "streams-a", bootstrap, registryUrl);
            ChildComponent streamsB = streams(children, work, "streams-b", bootstrap, registryUrl);
            int collectorPort = freePort();
            // A send gives up after 10 s (not 2 min), so even the short cut-off exercises the collector's buffer.
            ChildComponent collector = child(children, work, "collector", List.of("collector", "--health-host",
                    "127.0.0.1", "--health-port", Integer.toString(collectorPort), "--kafka-property",
                    "delivery.timeout.ms=10000", "--kafka-property", "request.timeout.ms=4000"), Map.of(
                    "CARBON_LEDGER_COLLECTOR_BOOTSTRAP_SERVERS", "127.0.0.1:" + proxyPort,
                    "CARBON_LEDGER_COLLECTOR_SCHEMA_REGISTRY_URL", registryUrl,
                    "CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES", "kepler",
                    "CARBON_LEDGER_COLLECTOR_KEPLER_URL", kepler.url(),
                    "CARBON_LEDGER_COLLECTOR_NODE_NAME", WorkloadGenerator.COLLECTOR_NODE,
                    "CARBON_LEDGER_COLLECTOR_POD_SOURCE", "none",
                    "CARBON_LEDGER_COLLECTOR_ENERGY_INTERVAL", "1s"), "http://127.0.0.1:" + collectorPort + "/readyz");
            sinks.start();
            supervisor.watch(sinks);
            sinks.awaitReady(READY);

            // 1. The registry is down while the streams instances and the collector start.
            Fault outage = report.fault("schema registry unavailable at start-up (streams-a, streams-b, collector start)");
            registry.stop();
            streamsA.start();
            streamsB.start();
            collector.start();
            supervisor.watch(streamsA);
            supervisor.watch(streamsB);
            supervisor.watch(collector);
            pause(settings.outage());
            outage.note("while down: " + streamsA.countLines("schema_registry") + " registry lines from streams-a, "
                    + collector.countLines("schema_registry_unreachable") + " buffering notices from the collector; "
                    + "last streams-a error: " + streamsA.lastErrorLine());
            registry.start();
            outage.recovered(awaitAll(streamsA, streamsB, collector));
            // As replay does: every budget in effect before the first sample (the intake has committed them all).
            awaitCommitted(client, topics.budgets());

            int n = workload.sampleCount();
            int[] cut = {0, n / 5, 2 * n / 5, 3 * n / 5, 4 * n / 5, n};
            workload.produceSamples(client, registryClient, topics, cut[0], cut[1]);

            // 2. kill -9 of a streams instance while it works; the other takes its partitions over.
            for (int k = 0; k < settings.streamsKills(); k++) {
                ChildComponent victim = k % 2 == 0 ? streamsA : streamsB;
                Fault kill = report.fault("kill -9 " + victim.name() + " (#" + (k + 1) + ")");
                int from = cut[1] + (cut[2] - cut[1]) * k / settings.streamsKills();
                int to = cut[1] + (cut[2] - cut[1]) * (k + 1) / settings.streamsKills();
                Thread producing = produceInBackground(workload, client, registryClient, from, to);
                pause(Duration.ofMillis(700));
                victim.kill9();
                producing.join();
                pause(Duration.ofSeconds(3));
                victim.start();
                kill.recovered(victim.awaitReady(READY));
            }

            // 3. kill -9 of the broker, restarted on its data.
            Fault brokerKill = report.fault("kill -9 of the broker, restarted on the same data");
            Thread producing = produceInBackground(workload, client, registryClient, cut[2], cut[3]);
            pause(Duration.ofSeconds(1));
            broker.kill();
            pause(Duration.ofSeconds(3));
            long restarting = System.nanoTime();
            broker.restart();
            producing.join();
            awaitCommitsAdvance(client);
            brokerKill.recovered(Duration.ofNanos(System.nanoTime() - restarting));

            // 4. The collector loses Kafka for a while; its buffer holds the readings.
            Fault cutOff = report.fault("collector cut off from Kafka for " + settings.cutOff().toSeconds() + " s");
            String collectorMetrics = "http://127.0.0.1:" + collectorPort + "/metrics";
            double publishedBefore = PrometheusCounters.value(collectorMetrics, COLLECTOR_PUBLISHED);
            proxy.cut();
            pause(settings.cutOff());
            double publishedDuringCut = PrometheusCounters.value(collectorMetrics, COLLECTOR_PUBLISHED) - publishedBefore;
            proxy.restore();
            long reconnecting = System.nanoTime();
            double publishedAtRestore = PrometheusCounters.value(collectorMetrics, COLLECTOR_PUBLISHED);
            awaitCounterAbove(collectorMetrics, COLLECTOR_PUBLISHED, publishedAtRestore);
            cutOff.recovered(Duration.ofNanos(System.nanoTime() - reconnecting));
            cutOff.note(String.format(java.util.Locale.ROOT, "%.0f readings acknowledged while cut off; the collector "
                    + "logged %d buffering notices", publishedDuringCut, collector.countLines("event=kafka_unreachable")));

            // 5. The sinks restart: counters must not go down, no alert may be notified twice.
            workload.produceSamples(client, registryClient, topics, cut[3], cut[4]);
            Fault sinksRestart = report.fault("kill -9 of the sinks (exporter + Alertmanager forwarder), restarted");
            Map<String, Double> before = PrometheusCounters.scrape("http://127.0.0.1:" + metricsPort + "/metrics");
            sinks.kill9();
            pause(Duration.ofSeconds(2));
            sinks.start();
            sinksRestart.recovered(sinks.awaitReady(READY));
            Map<String, Double> after = PrometheusCounters.scrape("http://127.0.0.1:" + metricsPort + "/metrics");
            List<String> decreased = PrometheusCounters.decreased(before, after);
            report.counterCheck(before.size(), decreased);

            // 6. The registry goes away mid-run, and a streams instance restarts meanwhile.
            Fault midOutage = report.fault("schema registry unavailable mid-run; kill -9 streams-b and restart it meanwhile");
            registry.stop();
            streamsB.kill9();
            streamsB.start();
            pause(settings.outage());
            midOutage.note("streams-b while down: " + streamsB.lastErrorLine());
            registry.start();
            midOutage.recovered(awaitAll(streamsB));

            workload.produceSamples(client, registryClient, topics, cut[4], cut[5]);
            kepler.freeze();
            long scrapes = kepler.scrapes();
            while (kepler.scrapes() < scrapes + 3) {
                pause(Duration.ofMillis(500));
            }
            collector.stop();   // SIGTERM: the collector sends what it holds before it exits
            supervisor.close();
            awaitDrained(client);

            ReplayResults.write(client, registryClient, topics, faulty, workload.withBudgets());
            ledgerChecks(client, registryClient, kepler.expectedJoules());
            alertChecks(client, registryClient, alertmanager);
            report.deadLettered(countRecords(client, topics.deadLetter()));
            report.samplesTopic(countRecords(client, topics.samples()));
            registry.stop();
        } finally {
            for (ChildComponent child : children) {
                child.close();
            }
        }
    }

    private ChildComponent streams(List<ChildComponent> children, Path work, String name, String bootstrap,
            String registryUrl) throws IOException {
        int port = freePort();
        return child(children, work, name, List.of("streams", "--bootstrap-servers", bootstrap, "--schema-registry-url",
                registryUrl, "--state-dir", work.resolve(name).toString(), "--health-host", "127.0.0.1",
                "--health-port", Integer.toString(port), "--window", WINDOW.toSeconds() + "s", "--replay-semantics",
                "--shutdown-grace", "5s"), Map.of(), "http://127.0.0.1:" + port + "/readyz");
    }

    private static ChildComponent child(List<ChildComponent> children, Path work, String name, List<String> args,
            Map<String, String> env, String readyUrl) {
        ChildComponent child = new ChildComponent(name, args, env, work.resolve("logs").resolve(name + ".log"), readyUrl);
        children.add(child);
        return child;
    }

    private Thread produceInBackground(RecordedWorkload workload, Properties client, SchemaRegistryClient registry,
            int from, int to) {
        Thread thread = new Thread(() -> workload.produceSamples(client, registry, topics, from, to), "chaos-producer");
        thread.setUncaughtExceptionHandler((t, e) -> report.harnessError("producing samples " + from + ".." + to
                + " failed: " + e.getMessage()));
        thread.start();
        return thread;
    }

    private Duration awaitAll(ChildComponent... components) throws InterruptedException, TimeoutException {
        long started = System.nanoTime();
        for (ChildComponent c : components) {
            c.awaitReady(READY);
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static void awaitCounterAbove(String url, String counter, double value) throws Exception {
        long deadline = System.nanoTime() + READY.toNanos();
        while (PrometheusCounters.value(url, counter) <= value) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(counter + " at " + url + " stayed at " + value + " for " + READY);
            }
            Thread.sleep(250);
        }
    }

    private void awaitCommitted(Properties client, String topic) throws Exception {
        try (Admin admin = Admin.create(client)) {
            Map<TopicPartition, Long> end = ends(admin, Set.of(topic), IsolationLevel.READ_COMMITTED);
            long deadline = System.nanoTime() + READY.toNanos();
            while (true) {
                Map<TopicPartition, Long> committed = committed(admin);
                if (end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || committed.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the streams instances did not consume " + topic + " within " + READY);
                }
                Thread.sleep(250);
            }
        }
    }

    /** Waits until the application's committed offsets move again (the broker answers and work resumes). */
    private void awaitCommitsAdvance(Properties client) throws Exception {
        try (Admin admin = Admin.create(client)) {
            Map<TopicPartition, Long> first = committed(admin);
            long deadline = System.nanoTime() + READY.toNanos();
            while (System.nanoTime() < deadline) {
                Thread.sleep(250);
                Map<TopicPartition, Long> now = committed(admin);
                if (!now.equals(first) && !now.isEmpty()) {
                    return;
                }
            }
            throw new TimeoutException("the streams instances committed nothing within " + READY + " after the broker restart");
        }
    }

    /**
     * Drained: every partition the application committed on is committed up to its last stable offset, the samples
     * and budgets included; no transaction is open; and the output topics' ends stayed the same for a quiet period
     * longer than the flush and commit intervals.
     */
    private void awaitDrained(Properties client) throws Exception {
        List<String> outputs = List.of(topics.ledger(), topics.teamWindows(), topics.modelWindows(), topics.totals(),
                topics.budgetStatus(), topics.alerts());
        try (Admin admin = Admin.create(client)) {
            Map<TopicPartition, Long> lastEnds = null;
            int quiet = 0;
            while (System.nanoTime() < deadlineNanos) {
                Map<TopicPartition, Long> committed = committed(admin);
                Set<String> topicsToCheck = new HashSet<>(outputs);
                committed.keySet().forEach(tp -> topicsToCheck.add(tp.topic()));
                topicsToCheck.add(topics.samples());
                Map<TopicPartition, Long> stable = ends(admin, topicsToCheck, IsolationLevel.READ_COMMITTED);
                Map<TopicPartition, Long> high = ends(admin, topicsToCheck, IsolationLevel.READ_UNCOMMITTED);
                boolean caughtUp = true;
                for (Map.Entry<TopicPartition, Long> e : stable.entrySet()) {
                    boolean input = e.getKey().topic().equals(topics.samples()) || committed.containsKey(e.getKey());
                    if (input && e.getValue() > 0 && committed.getOrDefault(e.getKey(), 0L) < e.getValue()) {
                        caughtUp = false;
                    }
                }
                if (caughtUp && stable.equals(high) && high.equals(lastEnds)) {
                    if (++quiet >= 3) {
                        return;
                    }
                } else {
                    quiet = 0;
                }
                lastEnds = high;
                Thread.sleep(1000);
            }
            throw new TimeoutException("the pipeline did not drain within the time limit " + settings.timeLimit());
        }
    }

    private Map<TopicPartition, Long> committed(Admin admin) throws ExecutionException, InterruptedException {
        Map<TopicPartition, Long> out = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(Components.ACCOUNTING_APPLICATION_ID)
                .partitionsToOffsetAndMetadata().get();
        offsets.forEach((tp, om) -> {
            if (om != null) {
                out.put(tp, om.offset());
            }
        });
        return out;
    }

    private static Map<TopicPartition, Long> ends(Admin admin, Set<String> topicNames, IsolationLevel isolation)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topicNames).allTopicNames().get().forEach((name, description) ->
                description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> out = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(request,
                new org.apache.kafka.clients.admin.ListOffsetsOptions(isolation)).all().get().entrySet()) {
            out.put(e.getKey(), e.getValue().offset());
        }
        return out;
    }

    private long countRecords(Properties client, String topic) throws Exception {
        try (Admin admin = Admin.create(client)) {
            return ends(admin, Set.of(topic), IsolationLevel.READ_UNCOMMITTED).values().stream().mapToLong(Long::longValue)
                    .sum();
        }
    }

    /** Running totals against the ledger's line items, and the collector's pods against Kepler's counters. */
    private void ledgerChecks(Properties client, SchemaRegistryClient registry, double collectorJoules) {
        Map<String, double[]> ledger = new HashMap<>();
        long[] entries = {0};
        ReplayResults.readAll(client, registry, topics.ledger(), LedgerEntry.class, e -> {
            entries[0]++;
            double[] sums = ledger.computeIfAbsent(e.getTeam() + "|" + e.getModel() + "|" + e.getNamespace() + "|"
                    + e.getZone(), k -> new double[2]);
            sums[0] += e.getEnergyJoules();
            sums[1] += e.getCo2eGrams();
        });
        Map<String, EmissionsTotal> totals = new HashMap<>();
        ReplayResults.readAll(client, registry, topics.totals(), EmissionsTotal.class, t -> totals.put(t.getTeam() + "|"
                + t.getModel() + "|" + t.getNamespace() + "|" + t.getZone(), t));
        int differences = 0;
        List<String> examples = new ArrayList<>();
        Set<String> keys = new HashSet<>(ledger.keySet());
        keys.addAll(totals.keySet());
        for (String key : keys) {
            double[] sums = ledger.getOrDefault(key, new double[2]);
            EmissionsTotal total = totals.get(key);
            double joules = total == null ? 0 : total.getEnergyJoules();
            double grams = total == null ? 0 : total.getCo2eGrams();
            if (!close(sums[0], joules) || !close(sums[1], grams)) {
                differences++;
                if (examples.size() < 5) {
                    examples.add(key + ": ledger " + sums[0] + " J " + sums[1] + " g, running total " + joules + " J "
                            + grams + " g");
                }
            }
        }
        double collectorLedger = ledger.entrySet().stream()
                .filter(e -> e.getKey().startsWith(WorkloadGenerator.COLLECTOR_TEAM + "|"))
                .mapToDouble(e -> e.getValue()[0]).sum();
        report.ledgerCheck(entries[0], keys.size(), differences, examples);
        report.collectorCheck(collectorJoules, collectorLedger);
    }

    private void alertChecks(Properties client, SchemaRegistryClient registry, AlertReceiver alertmanager)
            throws InterruptedException {
        Set<AlertReceiver.Episode> expected = new HashSet<>();
        ReplayResults.readAll(client, registry, topics.alerts(), AlertEvent.class, a -> {
            if (a.getStatus() == AlertStatus.FIRING) {
                TreeMap<String, String> labels = new TreeMap<>();
                a.getLabels().forEach((k, v) -> labels.put(k.toString(), v.toString()));
                labels.put("alertname", a.getAlertName());
                expected.add(new AlertReceiver.Episode(labels.toString(), a.getStartsAt().toString()));
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!alertmanager.firingEpisodes().containsAll(expected) && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        Set<AlertReceiver.Episode> posted = alertmanager.firingEpisodes();
        Set<AlertReceiver.Episode> missing = new HashSet<>(expected);
        missing.removeAll(posted);
        Set<AlertReceiver.Episode> unknown = new HashSet<>(posted);
        unknown.removeAll(expected);
        report.alertCheck(expected.size(), alertmanager.posts(), missing.size(), unknown.size(),
                alertmanager.refired().size());
    }

    private void compare(Path baseline, Path faulty, boolean withBudgets) throws IOException {
        java.util.function.Predicate<com.fasterxml.jackson.databind.JsonNode> recorded =
                row -> !WorkloadGenerator.COLLECTOR_TEAM.equals(row.path("team").asText())
                        && !WorkloadGenerator.COLLECTOR_TEAM.equals(row.path("model").asText());
        List<String> values = List.of("energyJoules", "co2eGrams");
        report.comparison(ResultComparison.compare("(team, window)", baseline.resolve(ReplayResults.TEAM_WINDOWS),
                faulty.resolve(ReplayResults.TEAM_WINDOWS), List.of("team", "windowStart"), values, recorded));
        report.comparison(ResultComparison.compare("(model, window)", baseline.resolve(ReplayResults.MODEL_WINDOWS),
                faulty.resolve(ReplayResults.MODEL_WINDOWS), List.of("model", "windowStart"), values, recorded));
        if (withBudgets) {
            report.comparison(ResultComparison.compare("budget status (team, period)",
                    baseline.resolve(ReplayResults.BUDGET_STATUS), faulty.resolve(ReplayResults.BUDGET_STATUS),
                    List.of("team", "periodStart"), List.of("spentGrams", "limitGrams", "fraction"), recorded));
            report.comparison(ResultComparison.compare("budget alerts (team, period, threshold)",
                    baseline.resolve(ReplayResults.BUDGET_ALERTS), faulty.resolve(ReplayResults.BUDGET_ALERTS),
                    List.of("team", "periodStart", "threshold"), List.of(), recorded));
        }
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-6 + 1e-9 * Math.abs(a);
    }

    private void pause(Duration d) throws InterruptedException, TimeoutException {
        if (System.nanoTime() + d.toNanos() > deadlineNanos) {
            throw new TimeoutException("the time limit " + settings.timeLimit() + " is reached");
        }
        Thread.sleep(d.toMillis());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The embedded registry on a fixed port and the Kafka-backed log, stopped and started again at will. */
    private static final class RegistryServer {
        private final int port;
        private final String bootstrap;
        private final String topic;
        private EmbeddedSchemaRegistry server;

        RegistryServer(int port, String bootstrap, String topic) {
            this.port = port;
            this.bootstrap = bootstrap;
            this.topic = topic;
        }

        void start() {
            server = EmbeddedSchemaRegistry.kafkaBacked(EmbeddedRegistryConfig.of(port),
                    KafkaSchemaLog.Settings.of(bootstrap, topic)).start();
        }

        void stop() {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }
}
