package dev.carbonledger.launcher.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Values kept in files, as Kubernetes mounts Secrets: {@code NAME_FILE=/path} stands for {@code NAME=<content>}, the
 * trailing newline removed. Setting both is an error, so that which one acts is never a guess.
 */
public final class SecretFiles {
    /** The collector's secret settings (after {@code CARBON_LEDGER_COLLECTOR_}) that also take a {@code _FILE} form. */
    public static final Set<String> COLLECTOR_SECRETS = Set.of("ELECTRICITYMAPS_TOKEN", "WATTTIME_USERNAME", "WATTTIME_PASSWORD");

    private SecretFiles() {}

    /** The file's content without the trailing line break(s). */
    public static String read(String variable, String file) {
        try {
            String content = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8);
            return content.replaceAll("[\\r\\n]+$", "");
        } catch (IOException e) {
            throw new IllegalArgumentException(variable + ": cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * The environment with every {@code <prefix><secret>_FILE} replaced by {@code <prefix><secret>} read from the file.
     *
     * @throws IllegalArgumentException when a file cannot be read, or both forms are set
     */
    /** As {@link #read(String, String)}, for a command checking all its options at once: a problem goes to {@code errors}. */
    static String read(String option, java.nio.file.Path file, java.util.List<String> errors) {
        try {
            return read(option, file.toString());
        } catch (IllegalArgumentException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    public static Map<String, String> resolve(Map<String, String> env, String prefix, Set<String> secrets) {
        Map<String, String> resolved = new LinkedHashMap<>(env);
        for (String secret : secrets) {
            String name = prefix + secret;
            String file = env.get(name + EnvironmentDefaults.FILE_SUFFIX);
            if (file == null || file.isBlank()) {
                continue;
            }
            if (env.get(name) != null && !env.get(name).isBlank()) {
                throw new IllegalArgumentException("both " + name + " and " + name + EnvironmentDefaults.FILE_SUFFIX
                        + " are set; set one");
            }
            resolved.remove(name + EnvironmentDefaults.FILE_SUFFIX);
            resolved.put(name, read(name + EnvironmentDefaults.FILE_SUFFIX, file));
        }
        return resolved;
    }
}
