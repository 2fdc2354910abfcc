package dev.carbonledger.testsupport;

import dev.carbonledger.avro.EnergySample;

import java.time.Instant;

/**
 * Builds {@link EnergySample}s for tests:
 * {@code aSample().forPod("p").component("package").node("n1").at(T0).joules(12.5).build()}.
 * Defaults: pod {@code pod-1}, component {@code package}, node {@code node-1}, time {@link TestTime#T0},
 * 0 J, source {@code test}.
 */
public final class EnergySamples {

    private String podUid = "pod-1";
    private String component = "package";
    private String node = "node-1";
    private Instant timestamp = TestTime.T0;
    private double energyJoules;
    private String source = "test";

    private EnergySamples() {
    }

    public static EnergySamples aSample() {
        return new EnergySamples();
    }

    public EnergySamples forPod(String podUid) {
        this.podUid = podUid;
        return this;
    }

    public EnergySamples component(String component) {
        this.component = component;
        return this;
    }

    public EnergySamples node(String node) {
        this.node = node;
        return this;
    }

    public EnergySamples at(Instant timestamp) {
        this.timestamp = timestamp;
        return this;
    }

    /** Cumulative counter value in joules. */
    public EnergySamples joules(double energyJoules) {
        this.energyJoules = energyJoules;
        return this;
    }

    public EnergySamples source(String source) {
        this.source = source;
        return this;
    }

    public EnergySample build() {
        return EnergySample.newBuilder()
                .setPodUid(podUid)
                .setComponent(component)
                .setNode(node)
                .setTimestamp(timestamp)
                .setEnergyJoules(energyJoules)
                .setSource(source)
                .build();
    }
}
