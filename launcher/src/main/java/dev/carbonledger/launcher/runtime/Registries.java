package dev.carbonledger.launcher.runtime;

import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;

/** Chooses the schema registry client a command talks to. */
public final class Registries {
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
}
