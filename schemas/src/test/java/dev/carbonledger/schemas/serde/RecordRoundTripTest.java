package dev.carbonledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.AlertStatus;
import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetPeriod;
import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.avro.DeadLetter;
import dev.carbonledger.avro.ForecastPoint;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.LedgerPiece;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Every Avro shape the project uses (arrays, maps, unions, enums, bytes, nested records) survives the serde. */
class RecordRoundTripTest {
    private static final Instant T0 = Instant.parse("2024-06-01T08:00:00Z");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> T roundTrip(String topic, T record) {
        ConfluentAvroSerde<T> serde = ConfluentAvroSerde.forValues(registry, (Class<T>) record.getClass());
        return serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, record));
    }

    @Test
    void shouldRoundTripLedgerEntryWithPieces() {
        LedgerEntry entry = LedgerEntry.newBuilder().setPodUid("uid").setComponent("package").setNode("n1").setZone("DE")
                .setTeam("vision").setModel("resnet").setIntervalStart(T0).setIntervalEnd(T0.plusSeconds(90))
                .setPue(1.2).setEnergyJoules(900.0).setCo2eGrams(0.05)
                .setPieces(List.of(
                        LedgerPiece.newBuilder().setStart(T0).setEnd(T0.plusSeconds(60)).setWindowStart(T0)
                                .setEnergyJoules(600.0).setGCo2ePerKwh(300.0).setIntensityFrom(T0.minusSeconds(3600))
                                .setCo2eGrams(0.06).build(),
                        LedgerPiece.newBuilder().setStart(T0.plusSeconds(60)).setEnd(T0.plusSeconds(90))
                                .setWindowStart(T0.plusSeconds(60)).setEnergyJoules(300.0).setGCo2ePerKwh(475.0)
                                .setIntensityFrom(null).setCo2eGrams(0.047).build()))
                .build();

        assertThat(roundTrip("carbon.ledger", entry)).isEqualTo(entry);
    }

    @Test
    void shouldRoundTripMapsEnumsArraysAndBytes() {
        AlertEvent alert = AlertEvent.newBuilder().setFingerprint("f").setAlertName("CarbonBudgetFastBurn")
                .setStatus(AlertStatus.FIRING).setLabels(Map.of("team", "vision", "severity", "page"))
                .setAnnotations(Map.of()).setStartsAt(T0).build();
        Budget budget = Budget.newBuilder().setTeam("vision").setPeriod(BudgetPeriod.MONTH).setLimitGrams(5000.0)
                .setTier(BudgetTier.HARD).build();
        IntensityForecast forecast = IntensityForecast.newBuilder().setZone("DE").setProvider("casdk").setGeneratedAt(T0)
                .setPoints(List.of(ForecastPoint.newBuilder().setFrom(T0).setDurationSeconds(300).setGCo2ePerKwh(250.5).build()))
                .build();
        NodeInfo node = NodeInfo.newBuilder().setNode("n1").setZone("DE").setPue(1.4).build();
        DeadLetter dead = DeadLetter.newBuilder().setReason("not JSON").setOrigin("samples.jsonl").setOffset(17L)
                .setRejectedAt(T0).setPayload(ByteBuffer.wrap("{oops".getBytes(StandardCharsets.UTF_8))).build();

        assertThat(roundTrip("carbon.alerts", alert)).isEqualTo(alert);
        assertThat(roundTrip("carbon.budgets", budget).getThresholds()).containsExactly(0.5, 0.8, 1.0);
        assertThat(roundTrip("carbon.intensity.forecasts", forecast)).isEqualTo(forecast);
        assertThat(roundTrip("carbon.nodes", node)).isEqualTo(node);
        assertThat(roundTrip("carbon.dlq", dead)).isEqualTo(dead);
    }

    @Test
    void shouldKeepAvroFastReaderModelUnlessClassHoldsArraysOfRecords() {
        // Avro's fast reader only runs with the exact SpecificData class
        assertThat(ListSpecificData.forReading(dev.carbonledger.avro.EnergySample.class).getClass())
                .isEqualTo(org.apache.avro.specific.SpecificData.class);
        assertThat(ListSpecificData.forReading(Budget.class).getClass()).isEqualTo(org.apache.avro.specific.SpecificData.class);
        assertThat(ListSpecificData.forReading(LedgerEntry.class)).isInstanceOf(ListSpecificData.class);
        assertThat(ListSpecificData.forReading(IntensityForecast.class)).isInstanceOf(ListSpecificData.class);
    }

    @Test
    void shouldRejectCorruptLengthPrefixWithoutAllocatingIt() {
        ConfluentAvroSerde<AlertEvent> serde = ConfluentAvroSerde.forValues(registry, AlertEvent.class);
        int id = registry.register("carbon.alerts-value", AlertEvent.getClassSchema());

        // fingerprint length 2^30 bytes (zig-zag varint) in a 10-byte payload
        byte[] hugeString = payload(id, 0x80, 0x80, 0x80, 0x80, 0x08, 'a', 'b');
        assertThatThrownBy(() -> serde.deserializer().deserialize("carbon.alerts", hugeString))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'carbon.alerts'")
                .hasMessageContaining("string length 1073741824");

        // valid fingerprint "f", alertName "a", status 0, then a labels map block claiming 2^30 entries
        byte[] hugeMap = payload(id, 0x02, 'f', 0x02, 'a', 0x00, 0x80, 0x80, 0x80, 0x80, 0x08);
        assertThatThrownBy(() -> serde.deserializer().deserialize("carbon.alerts", hugeMap))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("collection block of 1073741824 items");
    }

    private static byte[] payload(int id, int... avro) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[WireFormat.HEADER_SIZE];
        WireFormat.writeHeader(header, 0, id);
        out.writeBytes(header);
        for (int b : avro) {
            out.write(b);
        }
        return out.toByteArray();
    }
}
