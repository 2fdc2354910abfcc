package dev.carbonledger.launcher.bench;

import com.sun.net.httpserver.HttpServer;
import dev.carbonledger.broker.BrokerConfig;
import dev.carbonledger.broker.BrokerProcess;
import dev.carbonledger.collectors.Collector;
import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.config.CollectorSetting;
import dev.carbonledger.launcher.runtime.Components;
import dev.carbonledger.launcher.topics.TopicAdmin;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's own overhead on a node: the real collector (Kepler source, state file, Avro serde, Kafka
 * producer, its scheduled loop) scraping a Kepler 0.10 exposition of {@code pods} pods served on 127.0.0.1 and
 * publishing to a real broker (a child JVM, so its CPU and heap are not counted). After a warm-up, the CPU time of
 * the collector's threads (its poll threads and its producer's network thread, from {@link ThreadMXBean}) is
 * divided by the wall time: per cent of one core. Heap: used heap after a full GC at the end, for the whole bench
 * JVM (collector plus the small exposition server), which the documented run caps with -Xmx128m.
 */
public final class CollectorBench {
    private static final Logger LOGGER = LoggerFactory.getLogger(CollectorBench.class);
    private static final String[] ZONES = {"package", "core", "uncore", "dram"};

    /** What to run. */
    public record Options(int pods, Duration interval, Duration warmup, Duration duration, String bootstrapServers,
            Path workDir) {}

    /** The figures: CPU per cent of one core, heap after GC, samples published. */
    public record Result(int pods, Duration interval, Duration measured, double collectorCpuPercent,
            double pollThreadsCpuPercent, double producerThreadCpuPercent, double exporterCpuPercent,
            long heapUsedAfterGcBytes, long heapMaxBytes, long samplesPublished) {
        public String line() {
            return String.format(Locale.ROOT, "collector_cpu_percent_of_one_core=%.3f poll_threads_cpu_percent=%.3f "
                            + "producer_thread_cpu_percent=%.3f exporter_cpu_percent=%.3f heap_after_gc_mb=%.1f "
                            + "heap_max_mb=%.0f pods=%d interval_s=%d measured_s=%d samples_published=%d",
                    collectorCpuPercent, pollThreadsCpuPercent, producerThreadCpuPercent, exporterCpuPercent,
                    heapUsedAfterGcBytes / 1048576.0, heapMaxBytes / 1048576.0, pods, interval.toSeconds(),
                    measured.toSeconds(), samplesPublished);
        }
    }

    private CollectorBench() {}

    public static Result run(Options options) throws Exception {
        AutoCloseable broker = null;
        String bootstrap = options.bootstrapServers();
        try {
            if (bootstrap == null) {
                BrokerProcess child = BrokerProcess.start(BrokerConfig.builder(options.workDir().resolve("broker"))
                        .port(0).controllerPort(0).build());
                broker = child;
                bootstrap = child.bootstrapServers();
                LOGGER.info("event=collector_bench_broker_started pid={} bootstrap_servers={}", child.pid(), bootstrap);
            }
            return measure(options, bootstrap);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static Result measure(Options options, String bootstrap) throws Exception {
        TopicNames topics = new TopicNames("collector-bench-" + System.currentTimeMillis());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // As the other bench: created and their leaders awaited, so the idempotent producer does not start early.
            TopicAdmin.ensure(admin, topics.all(4).stream().filter(spec -> spec.name().equals(topics.samples())
                    || spec.name().equals(topics.pods()) || spec.name().equals(topics.nodes())).toList(), (short) 1, false);
        }
        long started = System.nanoTime();
        ExecutorService exporterThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-kepler-exporter"));
        HttpServer kepler = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kepler.setExecutor(exporterThread);
        kepler.createContext("/metrics", exchange -> {
            byte[] body = exposition(options.pods(), (System.nanoTime() - started) / 1e9).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        kepler.start();
        Map<String, String> env = new HashMap<>();
        env.put(CollectorSetting.ENERGY_SOURCES.envName(), "kepler");
        env.put(CollectorSetting.KEPLER_URL.envName(), "http://127.0.0.1:" + kepler.getAddress().getPort() + "/metrics");
        env.put(CollectorSetting.NODE_NAME.envName(), "bench-node");
        env.put(CollectorSetting.NODE_ZONE.envName(), "BENCH");
        env.put(CollectorSetting.POD_SOURCE.envName(), "none");
        env.put(CollectorSetting.ENERGY_INTERVAL.envName(), options.interval().toMillis() + "ms");
        env.put(CollectorSetting.STATE_FILE.envName(), options.workDir().resolve("collector-state.json").toString());
        Properties client = new Properties();
        client.setProperty("bootstrap.servers", bootstrap);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Collector collector = Components.collector(CollectorConfig.fromEnv(env), client, topics,
                new InMemorySchemaRegistryClient());
        try {
            LOGGER.info("event=collector_bench_warmup seconds={} pods={}", options.warmup().toSeconds(), options.pods());
            Thread.sleep(options.warmup().toMillis());
            Map<String, Long> cpuBefore = cpuByGroup(threads);
            long samplesBefore = collector.samplesPublished();
            long wallBefore = System.nanoTime();
            long end = wallBefore + options.duration().toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                LOGGER.info("event=collector_bench_progress remaining_s={} samples_published={}",
                        Math.max(0, (end - System.nanoTime()) / 1_000_000_000), collector.samplesPublished());
            }
            long wall = System.nanoTime() - wallBefore;
            Map<String, Long> cpuAfter = cpuByGroup(threads);
            long samples = collector.samplesPublished() - samplesBefore;
            double poll = percent(cpuAfter, cpuBefore, "poll", wall);
            double producer = percent(cpuAfter, cpuBefore, "producer", wall);
            double exporter = percent(cpuAfter, cpuBefore, "exporter", wall);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            Thread.sleep(200);
            long heapUsed = memory.getHeapMemoryUsage().getUsed();
            return new Result(options.pods(), options.interval(), Duration.ofNanos(wall), poll + producer, poll, producer,
                    exporter, heapUsed, Runtime.getRuntime().maxMemory(), samples);
        } finally {
            collector.close();
            kepler.stop(0);
            exporterThread.shutdownNow();
        }
    }

    private static double percent(Map<String, Long> after, Map<String, Long> before, String group, long wallNanos) {
        return 100.0 * (after.getOrDefault(group, 0L) - before.getOrDefault(group, 0L)) / wallNanos;
    }

    /**
     * CPU nanoseconds per group of live threads. Threads that ended in between are missed, which is why the
     * collector's long-lived threads are measured and not short tasks.
     */
    private static Map<String, Long> cpuByGroup(ThreadMXBean threads) {
        Map<String, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            String group = name.startsWith("carbon-ledger-collector") ? "poll"
                    : name.startsWith("kafka-producer-network-thread | carbon-ledger-collector") ? "producer"
                    : name.startsWith("bench-kepler-exporter") ? "exporter" : null;
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (group != null && nanos > 0) {
                cpu.merge(group, nanos, Long::sum);
            }
        }
        return cpu;
    }

    /** A Kepler 0.10 exposition: per pod, joules counters and watts gauges for four zones, as Kepler exports them. */
    static String exposition(int pods, double seconds) {
        StringBuilder text = new StringBuilder(pods * 1200);
        text.append("# HELP kepler_node_cpu_joules_total Energy consumption of cpu at node level in joules\n")
                .append("# TYPE kepler_node_cpu_joules_total counter\n");
        for (String zone : ZONES) {
            text.append("kepler_node_cpu_joules_total{node_name=\"bench-node\",path=\"/sys/class/powercap/intel-rapl/"
                    + "intel-rapl:0\",zone=\"").append(zone).append("\"} ").append(seconds * 180).append('\n');
        }
        for (String metric : new String[] {"kepler_pod_cpu_joules_total", "kepler_pod_cpu_watts"}) {
            boolean counter = metric.endsWith("_total");
            text.append("# HELP ").append(metric).append(counter ? " Energy consumption of cpu at pod level in joules\n"
                    : " Power consumption of cpu at pod level in watts\n");
            text.append("# TYPE ").append(metric).append(counter ? " counter\n" : " gauge\n");
            for (int p = 0; p < pods; p++) {
                String uid = String.format(Locale.ROOT, "6b1f%04x-5c2d-4e3f-8a9b-%012x", p, 0xabcdef000000L + p);
                for (String zone : ZONES) {
                    double watts = 0.5 + (p % 17) * 0.25 + (zone.equals("dram") ? 0.1 : 0);
                    text.append(metric).append("{node_name=\"bench-node\",pod_id=\"").append(uid)
                            .append("\",pod_name=\"workload-").append(p).append("-7c9d8f6b5-q4w2e\",pod_namespace=\"team-")
                            .append(p % 20).append("\",state=\"running\",zone=\"").append(zone).append("\"} ")
                            .append(counter ? watts * seconds : watts).append('\n');
                }
            }
        }
        return text.toString();
    }

    static void checkOptions(Options options) {
        if (options.pods() < 1 || options.interval().isNegative() || options.interval().isZero()
                || options.duration().isNegative() || options.duration().isZero()) {
            throw new IllegalArgumentException("--pods, --interval and --duration must be positive");
        }
    }
}
