package dev.carbonledger.schemas.topics;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTransfer;
import dev.carbonledger.avro.DeadLetter;
import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.FunctionalUnitSample;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Typed descriptors of every project topic: name, String key serde, Avro value serde (Confluent wire format,
 * subject {@code <topic>-value}) over one registry client. Build once and inject; immutable.
 */
public final class CarbonTopics {
    private final TopicNames names;
    private final Map<Class<?>, Serde<?>> valueSerdes = new LinkedHashMap<>();
    private final Map<String, Class<? extends SpecificRecord>> valueTypes;

    public CarbonTopics(TopicNames names, SchemaRegistryClient registry) {
        this.names = Objects.requireNonNull(names, "names");
        Objects.requireNonNull(registry, "registry");
        this.valueTypes = valueTypes(names);
        for (Class<? extends SpecificRecord> type : valueTypes.values()) {
            valueSerdes.computeIfAbsent(type, t -> ConfluentAvroSerde.forValues(registry, type));
        }
    }

    /** Topic name → generated value class, for every Avro topic (all of {@link TopicNames#all} but the registry's own). */
    public static Map<String, Class<? extends SpecificRecord>> valueTypes(TopicNames names) {
        Map<String, Class<? extends SpecificRecord>> types = new LinkedHashMap<>();
        types.put(names.samples(), EnergySample.class);
        types.put(names.pods(), PodMetadata.class);
        types.put(names.nodes(), NodeInfo.class);
        types.put(names.intensity(), IntensityRecord.class);
        types.put(names.intensityForecasts(), IntensityForecast.class);
        types.put(names.budgets(), Budget.class);
        types.put(names.budgetTransfers(), BudgetTransfer.class);
        types.put(names.ledger(), LedgerEntry.class);
        types.put(names.teamWindows(), EmissionsWindow.class);
        types.put(names.modelWindows(), EmissionsWindow.class);
        types.put(names.teamHourly(), EmissionsWindow.class);
        types.put(names.totals(), EmissionsTotal.class);
        types.put(names.late(), LateEmission.class);
        types.put(names.budgetStatus(), BudgetStatus.class);
        types.put(names.alerts(), AlertEvent.class);
        types.put(names.policy(), PolicyDecision.class);
        types.put(names.deadLetter(), DeadLetter.class);
        types.put(names.functionalUnits(), FunctionalUnitSample.class);
        types.put(names.sci(), SciWindow.class);
        return Map.copyOf(types);
    }

    public TopicNames names() { return names; }

    public Topic<String, EnergySample> samples() { return topic(names.samples(), EnergySample.class); }
    public Topic<String, PodMetadata> pods() { return topic(names.pods(), PodMetadata.class); }
    public Topic<String, NodeInfo> nodes() { return topic(names.nodes(), NodeInfo.class); }
    public Topic<String, IntensityRecord> intensity() { return topic(names.intensity(), IntensityRecord.class); }
    public Topic<String, IntensityForecast> intensityForecasts() { return topic(names.intensityForecasts(), IntensityForecast.class); }
    public Topic<String, Budget> budgets() { return topic(names.budgets(), Budget.class); }
    public Topic<String, BudgetTransfer> budgetTransfers() { return topic(names.budgetTransfers(), BudgetTransfer.class); }
    public Topic<String, LedgerEntry> ledger() { return topic(names.ledger(), LedgerEntry.class); }
    public Topic<String, EmissionsWindow> teamWindows() { return topic(names.teamWindows(), EmissionsWindow.class); }
    public Topic<String, EmissionsWindow> modelWindows() { return topic(names.modelWindows(), EmissionsWindow.class); }
    public Topic<String, EmissionsWindow> teamHourly() { return topic(names.teamHourly(), EmissionsWindow.class); }
    public Topic<String, EmissionsTotal> totals() { return topic(names.totals(), EmissionsTotal.class); }
    public Topic<String, LateEmission> late() { return topic(names.late(), LateEmission.class); }
    public Topic<String, BudgetStatus> budgetStatus() { return topic(names.budgetStatus(), BudgetStatus.class); }
    public Topic<String, AlertEvent> alerts() { return topic(names.alerts(), AlertEvent.class); }
    public Topic<String, PolicyDecision> policy() { return topic(names.policy(), PolicyDecision.class); }
    public Topic<String, DeadLetter> deadLetter() { return topic(names.deadLetter(), DeadLetter.class); }
    public Topic<String, FunctionalUnitSample> functionalUnits() { return topic(names.functionalUnits(), FunctionalUnitSample.class); }
    public Topic<String, SciWindow> sci() { return topic(names.sci(), SciWindow.class); }

    /** The shared value serde of a generated class (one instance per class). */
    @SuppressWarnings("unchecked")
    public <V extends SpecificRecord> Serde<V> valueSerde(Class<V> type) {
        Serde<V> serde = (Serde<V>) valueSerdes.get(type);
        if (serde == null) {
            throw new IllegalArgumentException("No project topic carries " + type.getName());
        }
        return serde;
    }

    private <V extends SpecificRecord> Topic<String, V> topic(String name, Class<V> type) {
        return new Topic<>(name, Serdes.String(), valueSerde(type));
    }
}
