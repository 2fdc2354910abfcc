package dev.carbonledger.launcher.report;

import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroDeserializer;
import dev.carbonledger.schemas.topics.TopicNames;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what a report needs from the pipeline's topics, in the order that keeps reading small: the job decisions
 * first, then only the pods, ledger entries and intensity history those jobs need; then the team windows, late
 * pieces and budget statuses.
 */
public final class ReportRunner {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReportRunner.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final ReportSettings settings;
    private final Clock clock;
    private final Supplier<SchemaRegistryClient> registries;

    /** @param registries the registry client to read with (TLS and credentials from --schema-registry-config) */
    public ReportRunner(ReportSettings settings, Clock clock, Supplier<SchemaRegistryClient> registries) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registries = Objects.requireNonNull(registries, "registries");
    }

    public Report run() {
        TopicNames topics = settings.topics();
        ReportRange range = settings.range();
        String team = settings.team();
        LOGGER.info("report range={} team={} topics={}.*", range, team == null ? "all" : team, topics.prefix());
        try (SchemaRegistryClient registry = registries.get();
                TopicReader reader = new TopicReader(settings.client(), metadataTimeout(), settings.timeout())) {
            JobDecisions decisions = new JobDecisions(range);
            reader.readAll(topics.policy(), deserializer(registry, PolicyDecision.class), decisions::record);
            List<JobDecision> jobs = decisions.inRange();

            JobPods pods = new JobPods(jobs.stream().map(JobDecision::jobId).toList());
            JobLedger ledger = new JobLedger(List.of());
            IntensityHistory history = new IntensityHistory(settings.accountingSignal(), settings.defaultIntensity());
            if (!jobs.isEmpty()) {
                reader.readAll(topics.pods(), deserializer(registry, PodMetadata.class), (k, p) -> {
                    if (p != null) {
                        pods.pod(p);
                    }
                });
                ledger = new JobLedger(pods.allPods());
                if (!pods.allPods().isEmpty()) {
                    JobLedger found = ledger;
                    reader.readFrom(topics.ledger(), range.from(), deserializer(registry, LedgerEntry.class), found::wants,
                            (k, e) -> {
                                if (e != null) {
                                    found.entry(e);
                                }
                            });
                    reader.readAll(topics.intensity(), deserializer(registry, IntensityRecord.class), (k, r) -> {
                        if (r != null) {
                            history.add(r.getZone(), r.getFrom().toEpochMilli(), r.getGCo2ePerKwh(),
                                    DomainRecords.signal(r.getSignal()));
                        }
                    });
                    LOGGER.info("intensity history: {} records of the {} signal, {} of the other left out",
                            history.used(), history.accounting(), history.ignored());
                }
            }

            TeamTotals totals = new TeamTotals(range, team);
            reader.readAll(topics.teamHourly(), deserializer(registry, EmissionsWindow.class), (k, w) -> {
                if (w != null) {
                    totals.window(w);
                }
            });
            reader.readAll(topics.late(), deserializer(registry, LateEmission.class), (k, l) -> {
                if (l != null) {
                    totals.late(l);
                }
            });
            BudgetUse budgets = new BudgetUse(range, team);
            reader.readAll(topics.budgetStatus(), deserializer(registry, BudgetStatus.class), (k, s) -> {
                if (s != null) {
                    budgets.status(s);
                }
            });
            return new Report(range, team, clock.instant(), totals.rows(budgets), budgets.rows(),
                    JobAnalysis.rows(jobs, pods, ledger, history, team), history);
        }
    }

    /** Finding a topic's partitions and offsets: 30 s, or less when the whole read must be quicker. */
    private Duration metadataTimeout() {
        return settings.timeout().compareTo(METADATA_TIMEOUT) < 0 ? settings.timeout() : METADATA_TIMEOUT;
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> ConfluentAvroDeserializer<V> deserializer(
            SchemaRegistryClient registry, Class<V> type) {
        return new ConfluentAvroDeserializer<>(registry, type);
    }
}
