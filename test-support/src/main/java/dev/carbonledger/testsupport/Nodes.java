package dev.carbonledger.testsupport;

import dev.carbonledger.avro.NodeInfo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds {@link NodeInfo} for tests: {@code aNode("n1").zone("DE").pue(1.2).build()}.
 * Defaults: zone {@code test-zone}, no PUE (the configured default applies), no embodied emissions.
 */
public final class Nodes {

    private final String node;
    private String zone = "test-zone";
    private Double pue;
    private Double embodiedGramsPerHour;
    private final Map<String, String> labels = new LinkedHashMap<>();

    private Nodes(String node) {
        this.node = node;
    }

    public static Nodes aNode(String node) {
        return new Nodes(node);
    }

    public Nodes zone(String zone) {
        this.zone = zone;
        return this;
    }

    public Nodes pue(double pue) {
        this.pue = pue;
        return this;
    }

    public Nodes embodiedGramsPerHour(double gramsPerHour) {
        this.embodiedGramsPerHour = gramsPerHour;
        return this;
    }

    public Nodes label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public NodeInfo build() {
        return NodeInfo.newBuilder()
                .setNode(node)
                .setZone(zone)
                .setPue(pue)
                .setEmbodiedGramsPerHour(embodiedGramsPerHour)
                .setLabels(new LinkedHashMap<>(labels))
                .build();
    }
}
