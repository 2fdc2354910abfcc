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

    static EnergySample sample() {
        return EnergySample.newBuilder().setPodUid("p").setComponent("dram").setNode("n1").setTimestamp(T0)
                .setEnergyJoules(1.5).setSource("rapl").build();
    }

    @Test
    void shouldWriteMagicByteSchemaIdAndAvroBinaryWhenSerializing() {
        byte[] bytes = serde.serializer().serialize(TOPIC, sample());

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
                "00" + "00000001"                 // magic byte, schema id 1 (big-endian)
                        + "02" + "70"             // podUid "p": zig-zag length 1, 'p'
                        + "08" + "6472616d"       // component "dram"
                        + "04" + "6e31"           // node "n1"
                        + "80a0abfef962"          // timestamp 1700000000000 ms, zig-zag varint
                        + "000000000000f83f"      // energyJoules 1.5, little-endian IEEE 754
                        + "08" + "7261706c");     // source "rapl"
        assertThat(registry.subjects()).containsExactly(TOPIC + "-value");
    }

    @Test
    void shouldWriteIdBigEndianWhenIdNeedsSeveralBytes() {
        byte[] header = new byte[WireFormat.HEADER_SIZE];

        WireFormat.writeHeader(header, 0, 0x01020304);

        assertThat(HexFormat.of().formatHex(header)).isEqualTo("0001020304");
        assertThat(WireFormat.schemaId("t", header)).isEqualTo(0x01020304);
    }

    @Test
    void shouldRoundTripWhenDeserializing() {
        byte[] bytes = serde.serializer().serialize(TOPIC, sample());

        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(sample());
    }

    @Test
    void shouldRegisterUnderKeySubjectWhenKeySerde() {
        ConfluentAvroSerde<EnergySample> keySerde = ConfluentAvroSerde.forKeys(registry, EnergySample.class);

        keySerde.serializer().serialize(TOPIC, sample());

        assertThat(registry.subjects()).containsExactly(TOPIC + "-key");
    }

    @Test
    void shouldMapNullToNullWhenTombstone() {
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void shouldRejectUnknownMagicByteNamingTopicAndByte() {
        byte[] bytes = serde.serializer().serialize(TOPIC, sample());
        bytes[0] = 0x7b;

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'" + TOPIC + "'")
                .hasMessageContaining("magic byte 0x7b");
    }

    @Test
    void shouldRejectGuidFramingAsUnsupportedWhenMagicByteIsOne() {
        byte[] bytes = serde.serializer().serialize(TOPIC, sample());
        bytes[0] = 0x01;

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'" + TOPIC + "'")
                .hasMessageContaining("magic byte 0x01")
                .hasMessageContaining("unsupported");
    }

    @Test
    void shouldRejectPayloadShorterThanHeader() {
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'" + TOPIC + "'")
                .hasMessageContaining("3 byte(s)");
    }

    @Test
    void shouldNameTopicAndIdWhenWriterSchemaIdIsUnknown() {
        byte[] bytes = serde.serializer().serialize(TOPIC, sample());
        WireFormat.writeHeader(bytes, 0, 4242);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'" + TOPIC + "'")
                .hasMessageContaining("4242");
    }

    @Test
    void shouldFailNamingTopicWhenPayloadIsTruncated() {
        byte[] bytes = serde.serializer().serialize(TOPIC, sample());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 6);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'" + TOPIC + "'");
    }

    @Test
    void shouldRefuseToSerializeWhenAutoRegisterIsOffAndSchemaUnknown() {
        ConfluentAvroSerde<EnergySample> strict = new ConfluentAvroSerde<>(registry, EnergySample.class, false, false);

        assertThatThrownBy(() -> strict.serializer().serialize(TOPIC, sample()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC + "-value");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void shouldUseRegisteredIdWhenAutoRegisterIsOffAndSchemaKnown() {
        int id = registry.register(TOPIC + "-value", EnergySample.getClassSchema());
        ConfluentAvroSerde<EnergySample> strict = new ConfluentAvroSerde<>(registry, EnergySample.class, false, false);

        byte[] bytes = strict.serializer().serialize(TOPIC, sample());

        assertThat(WireFormat.schemaId(TOPIC, bytes)).isEqualTo(id);
        assertThat(strict.deserializer().deserialize(TOPIC, bytes)).isEqualTo(sample());
    }

    @Test
    void shouldKeepOneIdPerTopicWhenOneSerializerWritesSeveralTopics() {
        byte[] first = serde.serializer().serialize("a", sample());
        byte[] second = serde.serializer().serialize("b", sample());
        byte[] again = serde.serializer().serialize("a", sample());

        assertThat(registry.subjects()).containsExactly("a-value", "b-value");
        assertThat(WireFormat.schemaId("a", first)).isEqualTo(WireFormat.schemaId("b", second))
                .isEqualTo(WireFormat.schemaId("a", again));
    }
}
