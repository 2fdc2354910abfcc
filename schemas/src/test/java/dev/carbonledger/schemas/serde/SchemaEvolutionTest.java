package dev.carbonledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.schemas.testing.LegacyEnergySample;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Records written with one version of a schema and read with another, through the registry. */
class SchemaEvolutionTest {
    private static final String TOPIC = "carbon.energy.samples";
    private static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");

    /** EnergySample before the {@code source} field (which has a default) was added. */
    private static final Schema V1 = new Schema.Parser().parse("""
            {"type": "record", "name": "EnergySample", "namespace": "dev.carbonledger.avro", "fields": [
              {"name": "podUid", "type": "string"},
              {"name": "component", "type": "string"},
              {"name": "node", "type": "string"},
              {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "energyJoules", "type": "double"}
            ]}""");

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();

    @Test
    void shouldFillDefaultWhenNewReaderReadsRecordWrittenWithOldSchema() throws IOException {
        // Given a record written by an old producer with V1
        int v1Id = registry.register(TOPIC + "-value", V1);
        GenericRecord old = new GenericData.Record(V1);
        old.put("podUid", "pod-a");
        old.put("component", "package");
        old.put("node", "n1");
        old.put("timestamp", T0.toEpochMilli());
        old.put("energyJoules", 12.5);
        byte[] bytes = confluentBytes(v1Id, V1, old);

        // When the current class reads it
        EnergySample read = new ConfluentAvroDeserializer<>(registry, EnergySample.class).deserialize(TOPIC, bytes);

        // Then the added field takes its default
        assertThat(read.getPodUid()).isEqualTo("pod-a");
        assertThat(read.getTimestamp()).isEqualTo(T0);
        assertThat(read.getEnergyJoules()).isEqualTo(12.5);
        assertThat(read.getSource()).isEqualTo("unknown");
    }

    @Test
    void shouldRegisterNewVersionAndLetOldReaderDecodeWhenFieldWithDefaultIsAdded() {
        // Given V1 is registered and the current schema (V1 + source with default) is written after it
        int v1Id = registry.register(TOPIC + "-value", V1);
        ConfluentAvroSerializer<EnergySample> newWriter = new ConfluentAvroSerializer<>(registry, EnergySample.class, false);
        byte[] bytes = newWriter.serialize(TOPIC, EnergySample.newBuilder().setPodUid("pod-b").setComponent("dram")
                .setNode("n2").setTimestamp(T0).setEnergyJoules(3.0).setSource("kepler").build());

        // When an old consumer (a class without the field) reads the new record
        LegacyEnergySample read = new ConfluentAvroDeserializer<>(registry, LegacyEnergySample.class).deserialize(TOPIC, bytes);

        // Then the registry holds two versions and the old reader skips the new field
        assertThat(registry.versions(TOPIC + "-value")).containsExactly(1, 2);
        assertThat(WireFormat.schemaId(TOPIC, bytes)).isNotEqualTo(v1Id);
        assertThat(read.getPodUid()).isEqualTo("pod-b");
        assertThat(read.getEnergyJoules()).isEqualTo(3.0);
        assertThat(read.getTimestamp()).isEqualTo(T0);
    }

    @Test
    void shouldRejectSerializationWhenNewSchemaBreaksBackwardCompatibility() {
        // Given a subject whose only version has just podUid
        Schema incompatible = new Schema.Parser().parse("""
                {"type": "record", "name": "EnergySample", "namespace": "dev.carbonledger.avro", "fields": [
                  {"name": "podUid", "type": "string"}
                ]}""");
        registry.register(TOPIC + "-value", incompatible);
        Schema requiresMore = new Schema.Parser().parse("""
                {"type": "record", "name": "EnergySample", "namespace": "dev.carbonledger.avro", "fields": [
                  {"name": "podUid", "type": "string"},
                  {"name": "zone", "type": "string"}
                ]}""");

        // Then registering a version that needs a field old data lacks fails with 409
        assertThatThrownBy(() -> registry.register(TOPIC + "-value", requiresMore))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(409))
                .hasMessageContaining("zone");
        // And the current class (four fields without defaults that version 1 lacks) cannot be auto-registered
        assertThatThrownBy(() -> new ConfluentAvroSerializer<>(registry, EnergySample.class, false).serialize(TOPIC,
                EnergySample.newBuilder().setPodUid("p").setComponent("c").setNode("n").setTimestamp(T0)
                        .setEnergyJoules(1.0).build()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(TOPIC + "-value")
                .hasMessageContaining("incompatible");
    }

    private static byte[] confluentBytes(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[WireFormat.HEADER_SIZE];
        WireFormat.writeHeader(header, 0, id);
        out.write(header);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
