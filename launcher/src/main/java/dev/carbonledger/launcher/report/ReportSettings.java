package dev.carbonledger.launcher.report;

import dev.carbonledger.domain.intensity.AccountingSignal;
import dev.carbonledger.schemas.topics.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Validated settings of one report; every problem is reported at once.
 *
 * @param team      the one team to report on, or null for all
 * @param timeout   how long reading one topic may take
 */
public record ReportSettings(ReportRange range, String team, Path output, TopicNames topics, String schemaRegistryUrl,
        Properties client, double defaultIntensity, AccountingSignal accountingSignal, Duration timeout) {

    /**
     * @throws IllegalArgumentException listing every bad option
     */
    public static ReportSettings validated(String from, String to, String team, Path output, TopicNames topics,
            String schemaRegistryUrl, Properties client, double defaultIntensity, String accountingSignal, Duration timeout) {
        List<String> errors = new ArrayList<>();
        ReportRange range = null;
        try {
            range = ReportRange.parse(from, to);
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
        }
        if (team != null && team.isBlank()) {
            errors.add("--team must not be empty");
        }
        if (output == null) {
            errors.add("--output is required");
        } else if (Files.exists(output) && !Files.isDirectory(output)) {
            errors.add("--output " + output + " exists and is not a directory");
        }
        if (!(defaultIntensity >= 0) || Double.isInfinite(defaultIntensity)) {
            errors.add("--default-intensity must be a finite number >= 0, got " + defaultIntensity);
        }
        AccountingSignal signal = null;
        try {
            signal = AccountingSignal.parse(accountingSignal);
        } catch (IllegalArgumentException e) {
            errors.add("--accounting-signal: " + e.getMessage());
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            errors.add("--timeout must be positive, got " + timeout);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return new ReportSettings(range, team == null ? null : team.strip(), output, topics, schemaRegistryUrl, client,
                defaultIntensity, signal, timeout);
    }
}
