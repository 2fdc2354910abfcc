package dev.carbonledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ConfluentAvroSerdeTest {
    private static final String TOPIC = "carbon.energy.samples";
    private static final Instant T0 = Instant.parse("2023-11-14T22:13:20Z"); // 1_700_000_000_000 ms

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final ConfluentAvroSerde<EnergySample> serde = ConfluentAvroSerde.forValues(registry, EnergySample.class);

    private static EnergySample sample() {
        return EnergySample.newBuilder().setPodUid("p").setComponent("dram").setNode("n1").setTimestamp(T0)
                .setEnergyJoules(1.5).setSource("rapl").build();
    }

    @Test
    void shouldWriteMagicByteSchemaIdAndAvroBinaryWhenSerializing() {
        byte[] bytes = serde.serializer().serialize(TOPIC, sample());

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
                "00" + "00000001"                 // magic byte, schema id 1 (big-endian)
                        + "02" + "70"             // podUid "p"
                        + "08" + "6472616d"       // component "dram"
                        + "04" + "6e31"           // node "n1"
                        + "80a0abfef962"          // timestamp 1700000000000 ms, zig-zag varint
                        + "000000000000f83f"      // energyJoules 1.5, little-endian IEEE 754
                        + "08" + "7261706c");     // source "rapl"
        assertThat(registry.subjects()).containsExactly(TOPIC + "-value");
    }

    @Test
    void shouldRoundTripWhenDeserializing() {
        byte[] bytes = serde.serializer().serialize(TOPIC, sample());

        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(sample());
    }

    @Test
    void shouldRejectUnknownMagicByteNamingTopicAndByte() {
        byte[] bytes = serde.serializer().serialize(TOPIC, sample());
        bytes[0] = 0x7b;

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'" + TOPIC + "'")
                .hasMessageContaining("0x7b");
    }
}
