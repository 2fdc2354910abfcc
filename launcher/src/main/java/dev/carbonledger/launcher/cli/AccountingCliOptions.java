package dev.carbonledger.launcher.cli;

import dev.carbonledger.domain.intensity.AccountingSignal;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.streams.AccountingOptions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** The accounting settings an operator tunes, shared by every command that runs the topology live. */
public final class AccountingCliOptions {
    @Option(names = "--window", defaultValue = "60s", converter = DurationConverter.class,
            description = "Rollup window (default: ${DEFAULT-VALUE})")
    Duration window;

    @Option(names = "--grace", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long a window stays open after its end (default: ${DEFAULT-VALUE})")
    Duration grace;

    @Option(names = "--default-intensity", defaultValue = "475",
            description = "gCO2e/kWh where no intensity record is in effect (default: ${DEFAULT-VALUE})")
    double defaultIntensity;

    @Option(names = "--default-pue", defaultValue = "1.0", description = "PUE of unknown nodes (default: ${DEFAULT-VALUE})")
    double defaultPue;

    @Option(names = "--series-idle-expiry", defaultValue = "24h", converter = DurationConverter.class,
            description = "Forget a series not seen for this long (default: ${DEFAULT-VALUE})")
    Duration seriesIdleExpiry;

    @Option(names = "--accounting-signal", defaultValue = "average",
            description = "Intensity signal of the ledger: average (location-based, GHG Protocol scope 2) or marginal; "
                    + "records of the other signal feed policy only (default: ${DEFAULT-VALUE})")
    String accountingSignal;

    @Option(names = "--critical-classes", defaultValue = "critical", split = ",",
            description = "Workload classes an exhausted soft budget does not defer (default: ${DEFAULT-VALUE})")
    List<String> criticalClasses;

    @Option(names = "--job-lengths", defaultValue = "1h,2h,4h,8h", split = ",", converter = DurationConverter.class,
            description = "Job lengths a carbon-aware window is published for, per zone (default: ${DEFAULT-VALUE})")
    List<Duration> jobLengths;

    @Option(names = "--runbook-url", defaultValue = AccountingOptions.DEFAULT_RUNBOOK_URL,
            description = "Runbook the budget alerts link to; alert names are its anchors (default: ${DEFAULT-VALUE})")
    String runbookUrl;

    @Option(names = "--json-mirrors", defaultValue = "false", negatable = true, fallbackValue = "true",
            description = "Also publish the rollups, budget status, SCI and policy topics as flat JSON on <topic>.json"
                    + " (same key), for Grafana's Kafka data source and tools that don't speak Avro; the mirror topics"
                    + " must exist: topics create --json-mirrors (default: ${DEFAULT-VALUE})")
    boolean jsonMirrors;

    /** Whether the JSON mirrors are on (their topics must then exist). */
    public boolean jsonMirrors() {
        return jsonMirrors;
    }

    /** Validated topology options (the topology reports every invalid value at once). */
    public AccountingOptions toOptions(TopicNames topics) {
        return AccountingOptions.builder().topics(topics).window(window).grace(grace)
                .defaultIntensity(defaultIntensity).defaultPue(defaultPue).seriesIdleExpiry(seriesIdleExpiry)
                .accountingSignal(AccountingSignal.parse(accountingSignal))
                .criticalClasses(new LinkedHashSet<>(criticalClasses.stream().map(String::strip).toList()))
                .jobLengths(jobLengths).runbookBaseUrl(runbookUrl).jsonMirrors(jsonMirrors).build();
    }
}
