package dev.carbonledger.launcher.runtime;

import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the schema registry client a command talks to. */
public final class Registries {
    private static final Logger LOGGER = LoggerFactory.getLogger(Registries.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private Registries() {}

    /** A REST client for the given URL, or a registry inside this process when there is none. */
    public static SchemaRegistryClient inProcessUnless(String url) {
        if (url == null || url.isBlank()) {
            return new InMemorySchemaRegistryClient();
        }
        return rest(url);
    }

    public static SchemaRegistryClient rest(String url) {
        return RestSchemaRegistryClient.of(url);
    }

    /**
     * Returns once the registry answers at all (an error answer counts: 401, 403 and 404 are for the calls that need
     * them to say), waiting while it cannot be reached, so that a component started before its registry waits for it
     * (not ready meanwhile) instead of failing at its first record. A SIGTERM meanwhile ends the process as usual.
     *
     * @return how long it waited
     */
    public static Duration awaitReachable(SchemaRegistryClient registry, String shownUrl) throws InterruptedException {
        return awaitReachable(registry, shownUrl, RETRY);
    }

    static Duration awaitReachable(SchemaRegistryClient registry, String shownUrl, Duration retry)
            throws InterruptedException {
        long started = System.nanoTime();
        int attempts = 0;
        while (true) {
            try {
                registry.subjects();
                break;
            } catch (SchemaRegistryException e) {
                if (!e.unavailable()) {
                    break;
                }
                attempts++;
                LOGGER.warn("event=waiting_for_schema_registry url={} attempt={} retryIn={} reason=\"{}\" consequence=\"not "
                        + "ready; starts once the registry answers\"", shownUrl, attempts, retry, e.getMessage());
                Thread.sleep(retry.toMillis());
            }
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        if (attempts > 0) {
            LOGGER.info("event=schema_registry_reachable url={} waited={}", shownUrl, waited);
        }
        return waited;
    }
}
