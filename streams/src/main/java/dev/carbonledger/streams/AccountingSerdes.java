package dev.carbonledger.streams;

import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of the topics the accounting topology reads and writes (keys are Strings). The topology does
 * not care which wire format they implement; {@link #avro(SchemaRegistryClient)} gives the project's
 * Confluent wire-format Avro serdes.
 */
public record AccountingSerdes(Serde<EnergySample> samples, Serde<PodMetadata> pods, Serde<NodeInfo> nodes,
                               Serde<IntensityRecord> intensity, Serde<LedgerEntry> ledger,
                               Serde<EmissionsWindow> windows, Serde<EmissionsTotal> totals,
                               Serde<LateEmission> late) {

    public AccountingSerdes {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(pods, "pods");
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(intensity, "intensity");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(windows, "windows");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(late, "late");
    }

    /** Confluent wire-format Avro serdes (subject {@code <topic>-value}) against the given registry. */
    public static AccountingSerdes avro(SchemaRegistryClient registry) {
        Objects.requireNonNull(registry, "registry");
        return new AccountingSerdes(serde(EnergySample.class, registry), serde(PodMetadata.class, registry),
                serde(NodeInfo.class, registry), serde(IntensityRecord.class, registry),
                serde(LedgerEntry.class, registry), serde(EmissionsWindow.class, registry),
                serde(EmissionsTotal.class, registry), serde(LateEmission.class, registry));
    }

    private static <T extends SpecificRecord> Serde<T> serde(Class<T> type, SchemaRegistryClient registry) {
        return ConfluentAvroSerde.forValues(registry, type);
    }
}
