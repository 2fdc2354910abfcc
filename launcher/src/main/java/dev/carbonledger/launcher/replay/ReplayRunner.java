package dev.carbonledger.launcher.replay;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.launcher.runtime.KafkaEnvironment;
import dev.carbonledger.launcher.runtime.Registries;
import dev.carbonledger.launcher.topics.TopicAdmin;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.streams.AccountingApp;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.AccountingSerdes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replay as DESIGN section 5 fixes it: reference data first (so every pod, node and intensity record is in effect
 * before the first sample is processed: the topology's global stores are restored before its stream threads
 * start), then the samples in file order per series, through the real topology with windows that never close
 * before the end of the input; then the final value of every (group, window) read back from the rollup topics.
 */
public final class ReplayRunner {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReplayRunner.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    /** Replay favours throughput: output is read only once everything is processed. */
    private static final Duration COMMIT_INTERVAL = Duration.ofSeconds(1);
    static final String BUDGETS_FILE = "budgets.jsonl";

    private final ReplaySettings settings;

    public ReplayRunner(ReplaySettings settings) {
        this.settings = settings;
    }

    public ReplaySummary run() throws IOException, TimeoutException {
        long started = System.nanoTime();
        Files.createDirectories(settings.output());
        boolean temporaryWorkDir = settings.workDir() == null;
        Path work = temporaryWorkDir ? Files.createTempDirectory("carbon-ledger-replay-") : settings.workDir();
        Files.createDirectories(work);
        // On a shared cluster every run gets its own topics and application id.
        String runId = UUID.randomUUID().toString().substring(0, 8);
        TopicNames topics = settings.bootstrapServers() == null ? TopicNames.defaults() : new TopicNames("replay-" + runId);
        String applicationId = "carbon-ledger-replay-" + runId;
        MalformedLines malformed = new MalformedLines();
        try (KafkaEnvironment kafka = KafkaEnvironment.embeddedUnless(settings.bootstrapServers(), work.resolve("kafka"),
                        settings.kafkaProperties());
                SchemaRegistryClient registry = Registries.inProcessUnless(settings.schemaRegistryUrl())) {
            Properties client = kafka.clientProperties();
            try (Admin admin = Admin.create(client)) {
                TopicAdmin.ensure(admin, topics.all(settings.partitions()), kafka.replicationFactor(), true);
            }
            ReplayProducer producer = new ReplayProducer(client, registry, topics, true);
            Path in = settings.input();
            long pods;
            long nodes;
            long intensity;
            long budgets;
            boolean withBudgets = Files.exists(in.resolve(BUDGETS_FILE));
            try (producer) {
                pods = JsonLinesReader.read(in.resolve("pods.jsonl"), ReplayRecords::pod, producer::pod, malformed);
                nodes = JsonLinesReader.read(in.resolve("nodes.jsonl"), ReplayRecords::node, producer::node, malformed);
                intensity = JsonLinesReader.read(in.resolve("intensity.jsonl"), ReplayRecords::intensity,
                        producer::intensity, malformed);
                budgets = JsonLinesReader.read(in.resolve(BUDGETS_FILE), ReplayRecords::budget, producer::budget, malformed);
                producer.flush();
                LOGGER.info("reference data produced pods={} nodes={} intensity={} budgets={}", pods, nodes, intensity,
                        budgets);
            }
            // No window closes, no series expires, no recorded timestamp is "in the future": the results depend
            // on the input only, never on how fast it was processed or when.
            AccountingOptions options = AccountingOptions.forReplay(topics, settings.window()).toBuilder()
                    .defaultIntensity(settings.defaultIntensity())
                    .defaultPue(settings.defaultPue())
                    .build();
            long samples;
            try (AccountingApp app = new AccountingApp(options, AccountingSerdes.avro(registry), client,
                    applicationId, work.resolve("streams-state"), settings.threads(), COMMIT_INTERVAL)) {
                app.start();
                app.awaitRunning(Duration.ofSeconds(60));
                // Every budget in effect before the first sample: the intake has consumed (and committed) them all,
                // so the budget inputs precede every sample's spend on the team's partition.
                app.awaitConsumed(List.of(topics.budgets()), Duration.ofSeconds(60));
                samples = produceSamples(client, registry, topics, malformed, app);
                LOGGER.info("all input produced samples={} malformedLines={}; waiting for the topology to process it",
                        samples, malformed.total());
                app.awaitDrained(settings.timeout());
            }
            ReplayResults.Written written = ReplayResults.write(client, registry, topics, settings.output(), withBudgets);
            if (withBudgets) {
                LOGGER.info("budget results written budgets={} statusRows={} alertRows={}", budgets,
                        written.budgetStatusRows(), written.budgetAlertRows());
            }
            if (settings.bootstrapServers() != null && !settings.keepTopics()) {
                try (Admin admin = Admin.create(client)) {
                    TopicAdmin.deleteWithPrefixes(admin, List.of(topics.prefix() + ".", "_" + topics.prefix() + ".",
                            applicationId + "-"));
                }
            }
            ReplaySummary summary = new ReplaySummary(samples, pods, nodes, intensity, malformed.total(),
                    written.teamRows(), written.modelRows(), written.teamJoules(), written.teamGrams(),
                    Duration.ofNanos(System.nanoTime() - started));
            LOGGER.info("replay finished samples={} malformedLines={} teamRows={} modelRows={} energyJoules={} co2eGrams={} elapsedMs={} output={}",
                    samples, malformed.total(), summary.teamRows(), summary.modelRows(), summary.teamJoules(),
                    summary.teamGrams(), summary.elapsed().toMillis(), settings.output());
            if (malformed.total() > 0) {
                LOGGER.warn("malformed lines skipped total={} perFile={}", malformed.total(), malformed.perFile());
            }
            return summary;
        } finally {
            if (temporaryWorkDir) {
                FileTrees.deleteQuietly(work);
            }
        }
    }

    private long produceSamples(Properties client, SchemaRegistryClient registry, TopicNames topics,
            MalformedLines malformed, AccountingApp app) {
        AtomicLong produced = new AtomicLong();
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "replay-progress");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        progress.scheduleAtFixedRate(() -> {
            double seconds = (System.nanoTime() - start) / 1e9;
            long processed = app.metrics().samplesProcessed();
            LOGGER.info("replay progress produced={} processed={} rate={}/s malformed={}", produced.get(), processed,
                    Math.round(processed / Math.max(seconds, 1e-3)), malformed.total());
        }, PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        try (ReplayProducer producer = new ReplayProducer(client, registry, topics, false)) {
            return JsonLinesReader.read(settings.input().resolve("samples.jsonl"), ReplayRecords::sample,
                    (EnergySample s) -> {
                        producer.sample(s);
                        produced.incrementAndGet();
                    }, malformed);
        } finally {
            progress.shutdownNow();
        }
    }

}
