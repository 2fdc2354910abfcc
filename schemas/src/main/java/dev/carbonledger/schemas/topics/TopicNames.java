package dev.carbonledger.schemas.topics;

import java.util.List;
import java.util.Objects;

/**
 * The project's topic names under one configurable prefix (default {@code carbon}). Names follow
 * DESIGN section 3: {@code <prefix>.energy.samples}, {@code <prefix>.pods} ...
 */
public final class TopicNames {
    public static final String DEFAULT_PREFIX = "carbon";

    private final String prefix;

    public TopicNames(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isBlank() || !prefix.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("topic prefix must be non-empty and use only [A-Za-z0-9._-]: '" + prefix + "'");
        }
        this.prefix = prefix;
    }

    public static TopicNames defaults() {
        return new TopicNames(DEFAULT_PREFIX);
    }

    public String prefix() { return prefix; }

    public String samples() { return prefix + ".energy.samples"; }
    public String pods() { return prefix + ".pods"; }
    public String nodes() { return prefix + ".nodes"; }
    public String intensity() { return prefix + ".intensity"; }
    public String intensityForecasts() { return prefix + ".intensity.forecasts"; }
    public String budgets() { return prefix + ".budgets"; }
    public String budgetTransfers() { return prefix + ".budget.transfers"; }
    public String ledger() { return prefix + ".ledger"; }
    public String teamWindows() { return prefix + ".emissions.team"; }
    public String modelWindows() { return prefix + ".emissions.model"; }
    public String teamHourly() { return prefix + ".emissions.team.hourly"; }
    public String totals() { return prefix + ".emissions.totals"; }
    public String late() { return prefix + ".emissions.late"; }
    public String budgetStatus() { return prefix + ".budget.status"; }
    public String alerts() { return prefix + ".alerts"; }
    public String policy() { return prefix + ".policy"; }
    public String deadLetter() { return prefix + ".dlq"; }
    /** Cumulative functional-unit counters per model (the R of SCI), from the collector or applications. */
    public String functionalUnits() { return prefix + ".functional.units"; }
    /** Software Carbon Intensity per (model, unit, window). */
    public String sci() { return prefix + ".sci"; }
    /** The JSON mirror of an Avro topic: the same records as flat JSON, for tools that don't speak Avro. */
    public String jsonMirror(String topic) { return topic + ".json"; }
    /** The Avro topics that have a JSON mirror when mirrors are switched on: rollups, budget status, SCI, policy. */
    public List<String> mirrored() {
        return List.of(teamWindows(), modelWindows(), teamHourly(), budgetStatus(), sci(), policy());
    }

    /**
     * The JSON mirror topics ({@code <topic>.json}) with their creation settings: the partitions of their Avro topic
     * (so a key lands on the same partition number) and compacted where it is.
     */
    public List<TopicSpec> jsonMirrors(int partitions) {
        List<String> mirrored = mirrored();
        return all(partitions).stream().filter(spec -> mirrored.contains(spec.name()))
                .map(spec -> new TopicSpec(jsonMirror(spec.name()), spec.partitions(), spec.compacted(),
                        "JSON mirror of " + spec.name() + " (" + spec.description() + ")"))
                .toList();
    }

    /** {@link #all(int)}, plus the {@link #jsonMirrors(int) JSON mirrors} when they are switched on. */
    public List<TopicSpec> all(int partitions, boolean withJsonMirrors) {
        if (!withJsonMirrors) {
            return all(partitions);
        }
        List<TopicSpec> specs = new java.util.ArrayList<>(all(partitions));
        specs.addAll(jsonMirrors(partitions));
        return List.copyOf(specs);
    }

    /** The embedded schema registry's own store (compacted). */
    public String schemas() { return "_" + prefix + ".schemas"; }

    /** Every topic the project owns, with its creation settings, for {@code carbon-ledger topics create}. */
    public List<TopicSpec> all(int partitions) {
        return List.of(
                new TopicSpec(samples(), partitions, false, "cumulative energy counters per (pod, component)"),
                new TopicSpec(pods(), partitions, true, "pod metadata: namespace, team, model"),
                new TopicSpec(nodes(), 1, true, "node -> grid zone, PUE"),
                new TopicSpec(intensity(), 1, false, "grid intensity in effect from a time, per zone"),
                new TopicSpec(intensityForecasts(), 1, true, "forecast series per zone"),
                new TopicSpec(budgets(), 1, true, "carbon budgets per team"),
                new TopicSpec(budgetTransfers(), 1, false, true, "budget transfers between teams (audit trail, kept forever)"),
                new TopicSpec(ledger(), partitions, false, "emissions line items per sample interval"),
                new TopicSpec(teamWindows(), partitions, false, "windowed rollups per team"),
                new TopicSpec(modelWindows(), partitions, false, "windowed rollups per model"),
                new TopicSpec(teamHourly(), partitions, false, "hourly rollups per team"),
                new TopicSpec(totals(), partitions, true, "running totals per team/model/namespace/zone"),
                new TopicSpec(late(), partitions, false, "pieces that arrived for closed windows"),
                new TopicSpec(budgetStatus(), 1, true, "budget burn per team"),
                new TopicSpec(alerts(), 1, false, "pipeline alert events"),
                new TopicSpec(policy(), 1, true, "scheduler decisions"),
                new TopicSpec(deadLetter(), 1, false, "rejected input with reason and origin"),
                new TopicSpec(functionalUnits(), partitions, false, "functional-unit counters per model (requests, inferences ...)"),
                new TopicSpec(sci(), partitions, false, "software carbon intensity per model, unit and window"),
                new TopicSpec(schemas(), 1, true, "embedded schema registry store"));
    }
}
