package dev.carbonledger.launcher.bench;

import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.BrokerProcess;
import dev.carbonledger.broker.EmbeddedKafkaBroker;
import dev.carbonledger.launcher.topics.TopicAdmin;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.schemas.topics.TopicSpec;
import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.streams.AccountingApp;
import dev.carbonledger.streams.AccountingMetrics;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.AccountingSerdes;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounting benchmark: one broker, one run, three phases. (1) A realistic workload is produced
 * (pods x components series, one sample per series every sampling interval, rare counter resets and duplicates,
 * pod, node and hourly intensity reference data): warm-up rounds, then measured rounds. (2) Raw limit: a plain
 * consumer reads and deserializes the samples topic, three times; the median pass counts. Then the exactly-once
 * ceiling: a minimal transactional pipe ({@link EosPipe}) over the same topic. (3) The accounting
 * topology (exactly-once v2) processes the same samples until drained. Both (2) and (3) go through the warm-up
 * rounds first, untimed, so that both rates are those of JIT-compiled code, as in a long-running deployment; the
 * rates are of the measured rounds. Then a steady load at half the measured topology rate is produced with event time = wall clock, and the latency from
 * sample produce to the rollup update that includes it is measured on the team-windows topic (read_committed;
 * an update's record timestamp is the time of the newest sample it contains).
 */
public final class Bench {
    private static final Logger LOGGER = LoggerFactory.getLogger(Bench.class);
    private static final String[] COMPONENTS = {"package", "core", "dram", "uncore", "gpu", "platform", "other"};
    private static final int MODELS = 40;
    private static final int ZONES = 5;
    private static final int RAW_PASSES = 3;

    private Bench() {}

    /** JVM options of the child broker: full JIT (peak throughput, unlike the test broker's C1-only default). */
    static final List<String> BROKER_JVM_ARGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC");

    public static BenchResult run(BenchOptions options) throws Exception {
        return run(options, Map.of());
    }

    /**
     * @param clientSettings Kafka client settings (SASL, TLS ...) for the cluster of {@code --bootstrap-servers};
     *                       not used with the broker the bench starts itself
     */
    public static BenchResult run(BenchOptions options, Map<String, String> clientSettings) throws Exception {
        options.validate();
        Files.createDirectories(options.workDir());
        AutoCloseable broker = null;
        try {
            String bootstrap = options.bootstrapServers();
            if (bootstrap == null) {
                BrokerConfig config = BrokerConfig.builder(options.workDir().resolve("broker"))
                        .port(0).controllerPort(0).partitions(options.partitions()).build();
                if (options.brokerInProcess()) {
                    EmbeddedKafkaBroker embedded = EmbeddedKafkaBroker.start(config);
                    broker = embedded;
                    bootstrap = embedded.bootstrapServers();
                } else {
                    BrokerProcess child = BrokerProcess.start(config, BROKER_JVM_ARGS);
                    broker = child;
                    bootstrap = child.bootstrapServers();
                    LOGGER.info("event=bench_broker_started pid={} bootstrap_servers={} log={}", child.pid(), bootstrap,
                            child.logFile());
                }
            }
            return new Run(options, bootstrap, broker == null ? clientSettings : Map.of()).execute();
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** One run's state. */
    private static final class Run {
        private final BenchOptions options;
        private final String bootstrap;
        private final Map<String, String> client;
        private final String runId = Long.toString(System.currentTimeMillis(), 36);
        private final TopicNames topics = new TopicNames("bench-" + runId);
        private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        private final AccountingSerdes serdes = AccountingSerdes.avro(registry);
        private final SplittableRandom random = new SplittableRandom(42);
        private final int series;
        private final String[] podIds;
        private final String[] seriesNode;
        private final double[] counters;
        private final double[] watts;

        Run(BenchOptions options, String bootstrap, Map<String, String> client) {
            this.options = options;
            this.bootstrap = bootstrap;
            this.client = Map.copyOf(client);
            this.series = Math.toIntExact(options.series());
            this.podIds = new String[options.pods()];
            for (int p = 0; p < podIds.length; p++) {
                podIds[p] = String.format("%08x-bench-pod-%06d", p * 2654435761L & 0xffffffffL, p);
            }
            this.seriesNode = new String[series];
            this.counters = new double[series];
            this.watts = new double[series];
            for (int i = 0; i < series; i++) {
                seriesNode[i] = "node-" + (i / options.componentsPerPod()) % nodes();
                counters[i] = random.nextDouble() * 1e6;
                watts[i] = 1 + random.nextDouble() * 49;
            }
        }

        private int nodes() {
            return Math.max(1, options.pods() / 50);
        }

        BenchResult execute() throws Exception {
            createTopics();
            int allRounds = options.warmupRounds() + options.rounds();
            long dataEnd = System.currentTimeMillis() - 60_000;
            long dataStart = dataEnd - allRounds * options.samplingInterval().toMillis();
            produceReferenceData(dataStart - 3_600_000, dataEnd + 3_600_000);
            long warmup = produceRounds(dataStart, 0, options.warmupRounds());
            long total = warmup + produceRounds(dataStart, options.warmupRounds(), allRounds);
            long measured = total - warmup;
            // The measured rounds take a raw consumer about a second: the median of three passes is steadier.
            double[] rawPasses = new double[RAW_PASSES];
            for (int i = 0; i < RAW_PASSES; i++) {
                rawPasses[i] = rawConsume(warmup, total);
            }
            Arrays.sort(rawPasses);
            double raw = rawPasses[RAW_PASSES / 2];
            LOGGER.info("event=bench_raw samples={} warmup_samples={} samples_per_second={} passes={}", measured, warmup,
                    Math.round(raw), Arrays.toString(Arrays.stream(rawPasses).map(Math::rint).toArray()));
            double eosPipe = new EosPipe(bootstrap, client, topics.samples(), eosPipeTopic(), runId, options.threads(),
                    options.commitInterval(), () -> serdes.samples().deserializer()).run(warmup, total);

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long heapBefore = usedHeapAfterGc(memory);
            Properties kafka = new Properties();
            kafka.putAll(client);
            kafka.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            AccountingOptions accounting = AccountingOptions.builder().topics(topics).build();
            try (AccountingApp app = new AccountingApp(accounting, serdes, kafka, "bench-" + runId,
                    options.workDir().resolve("streams-state-" + runId), options.threads(), options.commitInterval())) {
                app.start();
                app.awaitRunning(Duration.ofSeconds(120));
                long running = System.nanoTime();
                long t0 = awaitProcessed(app, warmup, running);
                LOGGER.info("event=bench_warmed_up samples={} seconds={}", warmup, String.format("%.1f", (t0 - running) / 1e9));
                long t1 = awaitProcessed(app, total, running);
                double seconds = (t1 - t0) / 1e9;
                app.awaitDrained(Duration.ofMinutes(5));
                double drainedSeconds = (System.nanoTime() - t0) / 1e9;
                double topology = measured / seconds;
                LOGGER.info("event=bench_topology samples={} seconds={} samples_per_second={} drained_after_seconds={} metrics={}",
                        measured, String.format("%.1f", seconds), Math.round(topology),
                        String.format("%.1f", drainedSeconds), app.metrics().snapshot());
                logThreadMetrics(app);
                long heapPer100k = (usedHeapAfterGc(memory) - heapBefore) * 100_000L / series;

                double steady = topology / 2;
                double[] latencies = steadyLoad(steady);
                Arrays.sort(latencies);
                long storeBytes = seriesStoreBytesPerEntry();
                long spendRecords = app.metrics().get(AccountingMetrics.Counter.BUDGET_SPEND_RECORDS);
                BudgetFootprint footprint = BudgetFootprint.measure(10_000);
                LOGGER.info("event=bench_budget_state teams={} heap_bytes={} encoded_bytes_per_team={}", footprint.teams(),
                        footprint.heapBytes(), footprint.encodedBytesPerTeam());
                return new BenchResult(measured, raw, eosPipe, topology, steady, percentile(latencies, 0.50),
                        percentile(latencies, 0.99), latencies.length, series, heapPer100k, storeBytes, options.teams(),
                        options.budgets(), spendRecords, footprint);
            }
        }

        /**
         * Logs where the stream threads spent their time (Kafka Streams' poll / process / commit / punctuate ratios,
         * averaged over its metrics window) and how their consumers fetched: what to look at when the rate is low.
         */
        private void logThreadMetrics(AccountingApp app) {
            Map<String, List<String>> byName = new java.util.TreeMap<>();
            app.kafkaStreams().metrics().forEach((name, metric) -> {
                boolean thread = name.group().equals("stream-thread-metrics") && name.name().endsWith("-ratio");
                boolean fetch = name.group().equals("consumer-fetch-manager-metrics") && name.tags().size() == 1
                        && (name.name().equals("fetch-latency-avg") || name.name().equals("records-per-request-avg")
                        || name.name().equals("fetch-size-avg"));
                if ((thread || fetch) && metric.metricValue() instanceof Double value && !value.isNaN()) {
                    byName.computeIfAbsent(name.name(), k -> new ArrayList<>()).add(String.format("%.3f", value));
                }
            });
            LOGGER.info("event=bench_thread_metrics {}", byName);
        }

        /**
         * Waits until the topology has taken {@code count} samples (processed or dead-lettered), logging the rate
         * every second; returns the {@link System#nanoTime()} at which it had.
         */
        private long awaitProcessed(AccountingApp app, long count, long since) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            long lastLog = System.nanoTime();
            long lastCount = app.metrics().samplesProcessed();
            while (app.metrics().samplesProcessed() + app.metrics().deadLettered() < count) {
                long now = System.nanoTime();
                if (now - lastLog >= 1_000_000_000L) {
                    long processed = app.metrics().samplesProcessed();
                    LOGGER.info("event=bench_progress seconds={} processed={} samples_per_second={}",
                            String.format("%.1f", (now - since) / 1e9), processed,
                            Math.round((processed - lastCount) * 1e9 / (now - lastLog)));
                    lastLog = now;
                    lastCount = processed;
                }
                if (now > deadline) {
                    throw new IllegalStateException("topology processed only " + app.metrics().samplesProcessed()
                            + " of " + count + " samples in 30 min");
                }
                Thread.sleep(5);
            }
            return System.nanoTime();
        }

        private void createTopics() {
            Map<String, Object> conf = new HashMap<>(client);
            conf.put("bootstrap.servers", bootstrap);
            try (Admin admin = Admin.create(conf)) {
                List<TopicSpec> specs = new ArrayList<>(topics.all(options.partitions()));
                specs.add(new TopicSpec(eosPipeTopic(), options.partitions(), false, "the exactly-once pipe's output"));
                TopicAdmin.ensure(admin, specs, (short) 1, false);
            }
        }

        private String eosPipeTopic() {
            return topics.prefix() + ".bench.eos-pipe";
        }

        private void produceReferenceData(long from, long to) {
            try (KafkaProducer<String, PodMetadata> p = producer(serdes.pods().serializer())) {
                for (int i = 0; i < podIds.length; i++) {
                    String team = i % 10 == 9 ? null : "team-" + (i % options.teams());   // some pods without a team
                    p.send(new ProducerRecord<>(topics.pods(), podIds[i], new PodMetadata(podIds[i], "ns-" + (i % 10),
                            "pod-" + i, null, team, "model-" + (i % MODELS), "batch", Map.of())));
                }
            }
            if (options.budgets()) {
                try (KafkaProducer<String, Budget> p = producer(serdes.budgets().serializer())) {
                    for (int t = 0; t < options.teams(); t++) {
                        String team = "team-" + t;
                        BudgetSpec spec = t % 2 == 0 ? BudgetSpec.of(team, BudgetPeriod.DAY, 100, BudgetTier.HARD)
                                : BudgetSpec.of(team, BudgetPeriod.DAY, 1_000_000, BudgetTier.SOFT);
                        p.send(new ProducerRecord<>(topics.budgets(), team, DomainRecords.budget(spec, "bench", null)));
                    }
                }
            }
            try (KafkaProducer<String, NodeInfo> p = producer(serdes.nodes().serializer())) {
                for (int n = 0; n < nodes(); n++) {
                    p.send(new ProducerRecord<>(topics.nodes(), "node-" + n,
                            new NodeInfo("node-" + n, "zone-" + (n % ZONES), 1.1 + (n % 5) * 0.1, null, Map.of())));
                }
            }
            try (KafkaProducer<String, IntensityRecord> p = producer(serdes.intensity().serializer())) {
                for (int z = 0; z < ZONES; z++) {
                    for (long t = from - from % 3_600_000; t <= to; t += 3_600_000) {
                        p.send(new ProducerRecord<>(topics.intensity(), "zone-" + z, new IntensityRecord("zone-" + z,
                                Instant.ofEpochMilli(t), null, 100 + random.nextDouble() * 600, IntensitySignal.AVERAGE,
                                "bench", false, false)));
                    }
                }
            }
        }

        /** Rounds {@code [from, to)} of the throughput workload, in event-time order; returns the records produced. */
        private long produceRounds(long start, int from, int to) {
            long count = 0;
            long step = options.samplingInterval().toMillis();
            Serializer<EnergySample> ser = serdes.samples().serializer();
            long t0 = System.nanoTime();
            try (KafkaProducer<String, byte[]> p = producer(new ByteArraySerializer())) {
                for (int r = from; r < to; r++) {
                    for (int i = 0; i < series; i++) {
                        long ts = start + r * step + (i % step);
                        count += send(p, ser, i, ts);
                    }
                }
            }
            LOGGER.info("event=bench_produced rounds={}..{} samples={} series={} seconds={}", from, to - 1, count, series,
                    String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            return count;
        }

        private int send(KafkaProducer<String, byte[]> p, Serializer<EnergySample> ser, int i, long ts) {
            double joules = watts[i] * options.samplingInterval().toMillis() / 1000.0;
            counters[i] = random.nextDouble() < options.resetRate() ? joules : counters[i] + joules;
            String pod = podIds[i / options.componentsPerPod()];
            EnergySample s = new EnergySample(pod, COMPONENTS[i % options.componentsPerPod()], seriesNode[i],
                    Instant.ofEpochMilli(ts), counters[i], "bench");
            byte[] value = ser.serialize(topics.samples(), s);
            p.send(new ProducerRecord<>(topics.samples(), null, ts, pod, value));
            if (random.nextDouble() < options.duplicateRate()) {
                p.send(new ProducerRecord<>(topics.samples(), null, ts, pod, value));
                return 2;
            }
            return 1;
        }

        private <V> KafkaProducer<String, V> producer(Serializer<V> values) {
            Map<String, Object> conf = new HashMap<>(client);
            conf.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            conf.put(ProducerConfig.LINGER_MS_CONFIG, 20);
            conf.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            conf.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            conf.put(ProducerConfig.ACKS_CONFIG, "all");
            // The topics are fresh: one batch in flight, so a batch refused while leadership settles is retried in
            // sequence (see ReplayProducer).
            conf.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
            return new KafkaProducer<>(conf, new StringSerializer(), values);
        }

        /**
         * A plain consumer reading and deserializing every sample: the raw limit. The first {@code warmup} records
         * are read untimed; the rate is that of the rest.
         */
        private double rawConsume(long warmup, long expected) {
            Map<String, Object> conf = new HashMap<>(client);
            conf.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            conf.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
            conf.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            Deserializer<EnergySample> de = serdes.samples().deserializer();
            StringDeserializer keys = new StringDeserializer();
            long read = 0;
            long timedFrom = 0;
            long checksum = 0;
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> parts = c.partitionsFor(topics.samples()).stream()
                        .map(pi -> new TopicPartition(topics.samples(), pi.partition())).toList();
                c.assign(parts);
                c.seekToBeginning(parts);
                long t0 = System.nanoTime();
                long deadline = t0 + Duration.ofMinutes(10).toNanos();
                boolean warm = warmup == 0;
                while (read < expected) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("raw consumer read only " + read + " of " + expected + " samples in 10 min");
                    }
                    ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        String key = keys.deserialize(r.topic(), r.key());
                        EnergySample s = de.deserialize(r.topic(), r.value());
                        checksum += key.length() + (long) s.getEnergyJoules();
                        read++;
                    }
                    if (!warm && read >= warmup) {
                        warm = true;
                        t0 = System.nanoTime();
                        timedFrom = read;
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                LOGGER.debug("event=bench_raw_checksum value={}", checksum);
                return (read - timedFrom) / seconds;
            }
        }

        /** Produces at {@code rate} samples/s with event time = now and measures produce-to-rollup latencies. */
        private double[] steadyLoad(double rate) throws Exception {
            AtomicBoolean done = new AtomicBoolean();
            List<Double> latencies = new ArrayList<>();
            long phaseStart = System.currentTimeMillis();
            long warmup = phaseStart + 5_000;
            Thread reader = new Thread(() -> readLatencies(done, warmup, latencies), "bench-latency-reader");
            reader.start();
            Thread.sleep(1_000);   // let the reader assign and seek to the end
            Serializer<EnergySample> ser = serdes.samples().serializer();
            long end = System.nanoTime() + options.latencyPhase().toNanos();
            long sent = 0;
            int next = 0;
            long t0 = System.nanoTime();
            try (KafkaProducer<String, byte[]> p = producer(new ByteArraySerializer())) {
                while (System.nanoTime() < end) {
                    long due = (long) ((System.nanoTime() - t0) / 1e9 * rate);
                    while (sent < due) {
                        send(p, ser, next, System.currentTimeMillis());
                        next = (next + 1) % series;
                        sent++;
                    }
                    Thread.sleep(2);
                }
            }
            Thread.sleep(5_000);   // let the last updates arrive
            done.set(true);
            reader.join(30_000);
            LOGGER.info("event=bench_steady samples={} rate={} latencies={}", sent, Math.round(rate), latencies.size());
            synchronized (latencies) {
                return latencies.stream().mapToDouble(Double::doubleValue).toArray();
            }
        }

        private void readLatencies(AtomicBoolean done, long from, List<Double> latencies) {
            Map<String, Object> conf = new HashMap<>(client);
            conf.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            conf.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            conf.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            Deserializer<EmissionsWindow> de = serdes.windows().deserializer();
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(conf, new StringDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> parts = c.partitionsFor(topics.teamWindows()).stream()
                        .map(pi -> new TopicPartition(topics.teamWindows(), pi.partition())).toList();
                c.assign(parts);
                c.seekToEnd(parts);
                parts.forEach(c::position);
                while (!done.get()) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(50))) {
                        long now = System.currentTimeMillis();
                        if (r.timestamp() >= from && !de.deserialize(r.topic(), r.value()).getFinal$()) {
                            synchronized (latencies) {
                                latencies.add((double) (now - r.timestamp()));
                            }
                        }
                    }
                }
            }
        }

        /** Estimated heap bytes per series of the series store (one entry per pod, holding all its components). */
        private long seriesStoreBytesPerEntry() {
            int c = options.componentsPerPod();
            int capacity = Integer.highestOneBit(Math.max(2, c) - 1) << 1;   // the arrays grow 2, 4, 8
            // Per pod (compressed oops): HashMap node 32 + table slot ~8, pod uid String 24 + byte[] 16+len,
            // PodSeries 48, String[cap] 16+4cap, long[cap] and double[cap] 16+8cap each; component names are shared.
            long perPod = 32 + 8 + 24 + align(16 + podIds[0].length()) + 48 + align(16 + 4L * capacity)
                    + 2 * align(16 + 8L * capacity);
            return perPod / c;
        }

        private static long align(long n) {
            return (n + 7) / 8 * 8;
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }
}
