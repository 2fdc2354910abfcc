package dev.carbonledger.launcher.replay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Validated replay settings; every problem is reported at once. */
public record ReplaySettings(Path input, Path output, Duration window, String bootstrapServers,
        String schemaRegistryUrl, int partitions, int threads, double defaultIntensity, double defaultPue,
        Duration timeout, Path workDir, boolean keepTopics, Map<String, String> kafkaProperties) {

    public ReplaySettings {
        List<String> errors = new ArrayList<>();
        if (input == null || !Files.isDirectory(input)) {
            errors.add("--input " + input + " is not a directory");
        }
        if (output == null) {
            errors.add("--output is required");
        } else if (Files.exists(output) && !Files.isDirectory(output)) {
            errors.add("--output " + output + " exists and is not a directory");
        }
        if (window == null || window.isNegative() || window.isZero() || window.toMillis() == 0) {
            errors.add("--window must be at least 1ms, got " + window);
        }
        if (partitions < 1) {
            errors.add("--partitions must be >= 1, got " + partitions);
        }
        if (threads < 1) {
            errors.add("--threads must be >= 1, got " + threads);
        }
        if (!(defaultIntensity >= 0) || Double.isInfinite(defaultIntensity)) {
            errors.add("--default-intensity must be a finite number >= 0, got " + defaultIntensity);
        }
        if (!(defaultPue > 0) || Double.isInfinite(defaultPue)) {
            errors.add("--default-pue must be a finite number > 0, got " + defaultPue);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            errors.add("--timeout must be positive, got " + timeout);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        kafkaProperties = Map.copyOf(kafkaProperties == null ? Map.of() : kafkaProperties);
    }
}
