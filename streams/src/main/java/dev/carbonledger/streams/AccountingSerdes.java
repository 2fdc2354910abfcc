package dev.carbonledger.streams;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTransfer;
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
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of the topics the topology reads and writes (keys are Strings). The topology does not care which
 * wire format they implement; {@link #avro(SchemaRegistryClient)} gives the project's Confluent wire-format Avro
 * serdes.
 */
public record AccountingSerdes(Serde<EnergySample> samples, Serde<PodMetadata> pods, Serde<NodeInfo> nodes,
                               Serde<IntensityRecord> intensity, Serde<LedgerEntry> ledger,
                               Serde<EmissionsWindow> windows, Serde<EmissionsTotal> totals,
                               Serde<LateEmission> late, Serde<Budget> budgets, Serde<BudgetTransfer> transfers,
                               Serde<BudgetStatus> budgetStatus, Serde<AlertEvent> alerts,
                               Serde<IntensityForecast> forecasts, Serde<PolicyDecision> policy,
                               Serde<FunctionalUnitSample> functionalUnits, Serde<SciWindow> sci) {

    public AccountingSerdes {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(pods, "pods");
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(intensity, "intensity");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(late, "late");
        Objects.requireNonNull(budgets, "budgets");
        Objects.requireNonNull(transfers, "transfers");
        Objects.requireNonNull(budgetStatus, "budgetStatus");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(forecasts, "forecasts");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(functionalUnits, "functionalUnits");
        Objects.requireNonNull(sci, "sci");
    }

    /** Confluent wire-format Avro serdes (subject {@code <topic>-value}) against the given registry. */
    public static AccountingSerdes avro(SchemaRegistryClient registry) {
        Objects.requireNonNull(registry, "registry");
        return new AccountingSerdes(serde(EnergySample.class, registry), serde(PodMetadata.class, registry),
                serde(NodeInfo.class, registry), serde(IntensityRecord.class, registry),
                serde(LedgerEntry.class, registry), serde(EmissionsWindow.class, registry),
                serde(EmissionsTotal.class, registry), serde(LateEmission.class, registry),
                serde(Budget.class, registry), serde(BudgetTransfer.class, registry),
                serde(BudgetStatus.class, registry), serde(AlertEvent.class, registry),
                serde(IntensityForecast.class, registry), serde(PolicyDecision.class, registry),
                serde(FunctionalUnitSample.class, registry), serde(SciWindow.class, registry));
    }

    private static <T extends SpecificRecord> Serde<T> serde(Class<T> type, SchemaRegistryClient registry) {
        return ConfluentAvroSerde.forValues(registry, type);
    }
}
