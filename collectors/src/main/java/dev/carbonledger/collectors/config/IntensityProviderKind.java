package dev.carbonledger.collectors.config;

import java.util.Arrays;
import java.util.Optional;

/** Grid intensity providers, by the id used in {@code CARBON_LEDGER_COLLECTOR_INTENSITY_PROVIDERS}. */
public enum IntensityProviderKind {
    DEMO("demo"),
    ELECTRICITYMAPS("electricitymaps"),
    WATTTIME("watttime"),
    UKCI("ukci"),
    CASDK("casdk"),
    FILE("file");

    private final String id;

    IntensityProviderKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<IntensityProviderKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
