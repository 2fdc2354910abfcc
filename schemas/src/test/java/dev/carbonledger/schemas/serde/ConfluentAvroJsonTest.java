package dev.carbonledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ConfluentAvroJsonTest {
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final ConfluentAvroJson json = new ConfluentAvroJson(registry);

    @Test
    void shouldPrintPlainJsonWithUnwrappedUnionsAndRfc3339Timestamps() {
        byte[] bytes = ConfluentAvroSerde.forValues(registry, IntensityRecord.class).serializer().serialize("carbon.intensity",
                IntensityRecord.newBuilder().setZone("DE").setFrom(Instant.parse("2024-05-01T10:00:00Z"))
                        .setTo(Instant.parse("2024-05-01T11:00:00Z")).setGCo2ePerKwh(312.5)
                        .setSignal(IntensitySignal.MARGINAL).setProvider("file").build());

        String text = json.decodeToJson("carbon.intensity", bytes);

        assertThat(text).isEqualTo("{\"zone\":\"DE\",\"from\":\"2024-05-01T10:00:00Z\",\"to\":\"2024-05-01T11:00:00Z\","
                + "\"gCo2ePerKwh\":312.5,\"signal\":\"MARGINAL\",\"provider\":\"file\",\"estimated\":false,\"forecast\":false}");
    }

    @Test
    void shouldPrintNullsAndMaps() {
        byte[] bytes = ConfluentAvroSerde.forValues(registry, PodMetadata.class).serializer().serialize("carbon.pods",
                PodMetadata.newBuilder().setPodUid("uid-1").setNamespace("ml").setName("trainer-0").setTeam("vision")
                        .setLabels(Map.of("app", "trainer")).build());

        assertThat(json.decodeToJson(bytes)).isEqualTo("{\"podUid\":\"uid-1\",\"namespace\":\"ml\",\"name\":\"trainer-0\","
                + "\"node\":null,\"team\":\"vision\",\"model\":null,\"workloadClass\":null,\"labels\":{\"app\":\"trainer\"}}");
    }

    @Test
    void shouldReturnNullForTombstoneAndRejectForeignBytes() {
        assertThat(json.decodeToJson("carbon.pods", null)).isNull();
        assertThatThrownBy(() -> json.decodeToJson("carbon.pods", "{\"plain\": \"json\"}".getBytes()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'carbon.pods'")
                .hasMessageContaining("0x7b");
    }
}
