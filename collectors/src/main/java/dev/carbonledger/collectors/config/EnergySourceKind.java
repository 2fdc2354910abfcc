package dev.carbonledger.collectors.config;

import java.util.Arrays;
import java.util.Optional;

/** The energy sources a collector can poll, by the id used in {@code CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES}. */
public enum EnergySourceKind {
    /** The simulated fleet (also publishes its pods, nodes and, by default, intensity). */
    DEMO("demo"),
    /** A Kepler exporter's /metrics endpoint. */
    KEPLER("kepler"),
    /** RAPL powercap counters attributed to pods by cgroup v2 CPU time. */
    RAPL("rapl"),
    /** nvidia-smi power readings integrated to joules. */
    NVIDIA_SMI("nvidia-smi"),
    /** dcgm-exporter's DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter with pod labels. */
    DCGM("dcgm"),
    /** Scaphandre's per-process power gauges (exporter run with --containers) integrated to joules per pod. */
    SCAPHANDRE("scaphandre");

    private final String id;

    EnergySourceKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<EnergySourceKind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
