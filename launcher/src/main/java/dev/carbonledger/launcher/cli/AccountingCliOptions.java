package dev.carbonledger.launcher.cli;

import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.streams.AccountingOptions;
import java.time.Duration;
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

    /** Validated topology options (the topology reports every invalid value at once). */
    public AccountingOptions toOptions(TopicNames topics) {
        return AccountingOptions.builder().topics(topics).window(window).grace(grace)
                .defaultIntensity(defaultIntensity).defaultPue(defaultPue).seriesIdleExpiry(seriesIdleExpiry).build();
    }
}
