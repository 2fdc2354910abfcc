package dev.carbonledger.launcher.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.registry.EmbeddedRegistryConfig;
import dev.carbonledger.registry.EmbeddedSchemaRegistry;
import dev.carbonledger.registry.KafkaSchemaLog;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import dev.carbonledger.schemas.serde.WireFormat;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Avro through the embedded schema registry on a real broker: schemas kept in a compacted Kafka topic, BACKWARD
 * compatibility enforced, an evolved schema decoded by old and new readers alike.
 */
@WithKafkaBroker
class EmbeddedRegistryAvroIT {
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String STORE_TOPIC = "_carbon.schemas";

    /** EnergySample as an older collector knew it: without the {@code source} field. */
    private static final Schema OLD_SAMPLE = new Schema.Parser().parse("""
            {"type":"record","name":"EnergySample","namespace":"dev.carbonledger.avro","fields":[
              {"name":"podUid","type":"string"},{"name":"component","type":"string"},{"name":"node","type":"string"},
              {"name":"timestamp","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"energyJoules","type":"double"}]}""");

    private final KafkaTestBroker kafka;
    private EmbeddedSchemaRegistry registry;
    private RestSchemaRegistryClient client;

    EmbeddedRegistryAvroIT(KafkaTestBroker kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void startRegistry() {
        registry = startRegistryOnBroker();
        client = RestSchemaRegistryClient.of(registry.url());
    }

    @AfterEach
    void stopRegistry() {
        client.close();
        registry.close();
    }

    private EmbeddedSchemaRegistry startRegistryOnBroker() {
        return EmbeddedSchemaRegistry.kafkaBacked(EmbeddedRegistryConfig.ephemeral(),
                KafkaSchemaLog.Settings.of(kafka.bootstrapServers(), STORE_TOPIC)).start();
    }

    @Test
    void shouldDecodeOldRecordsWithTheNewReaderAndNewRecordsWithTheOldReader() throws Exception {
        String topic = "evolution.samples";
        kafka.createTopic(topic, 1);
        // Given an old producer writing with the old schema, then a new producer adding a field with a default
        int oldId = client.register(topic + "-value", OLD_SAMPLE);
        GenericRecord old = new GenericData.Record(OLD_SAMPLE);
        old.put("podUid", "p-old");
        old.put("component", "package");
        old.put("node", "n1");
        old.put("timestamp", T0.toEpochMilli());
        old.put("energyJoules", 10.0);
        EnergySample fresh = EnergySample.newBuilder().setPodUid("p-new").setComponent("dram").setNode("n2")
                .setTimestamp(T0.plusSeconds(5)).setEnergyJoules(20.0).setSource("kepler").build();
        ConfluentAvroSerde<EnergySample> serde = new ConfluentAvroSerde<>(client, EnergySample.class, false);
        try (KafkaProducer<String, byte[]> producer = kafka.producer(new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "p-old", wireFormat(oldId, old))).get();
            producer.send(new ProducerRecord<>(topic, "p-new", serde.serializer().serialize(topic, fresh))).get();
        }

        // When both are read back from the broker
        List<ConsumerRecord<String, byte[]>> records = kafka.consumeUntil(topic, new StringDeserializer(),
                new ByteArrayDeserializer(), 2, TIMEOUT);

        // Then the new reader decodes the old record, filling the default ...
        EnergySample oldAsNew = serde.deserializer().deserialize(topic, records.get(0).value());
        assertThat(oldAsNew.getPodUid()).isEqualTo("p-old");
        assertThat(oldAsNew.getEnergyJoules()).isEqualTo(10.0);
        assertThat(oldAsNew.getSource()).isEqualTo("unknown");
        // ... and the old reader decodes the new record, ignoring the field it does not know
        byte[] newBytes = records.get(1).value();
        int newId = ByteBuffer.wrap(newBytes, 1, 4).getInt();
        assertThat(newBytes[0]).isEqualTo(WireFormat.MAGIC_BYTE);
        assertThat(newId).isNotEqualTo(oldId);
        GenericRecord newAsOld = new GenericDatumReader<GenericRecord>(client.getById(newId), OLD_SAMPLE)
                .read(null, DecoderFactory.get().binaryDecoder(newBytes, 5, newBytes.length - 5, null));
        assertThat(newAsOld.get("podUid").toString()).isEqualTo("p-new");
        assertThat(newAsOld.get("energyJoules")).isEqualTo(20.0);
        assertThat(newAsOld.getSchema().getField("source")).isNull();
        assertThat(client.versions(topic + "-value")).hasSize(2);
    }

    @Test
    void shouldRejectAnIncompatibleSchema() {
        String subject = "incompatible.samples-value";
        client.register(subject, OLD_SAMPLE);
        // A new required field without a default: new readers could not read old data (BACKWARD).
        Schema breaking = new Schema.Parser().parse(OLD_SAMPLE.toString().replace(
                "{\"name\":\"energyJoules\",\"type\":\"double\"}",
                "{\"name\":\"energyJoules\",\"type\":\"double\"},{\"name\":\"gpuIndex\",\"type\":\"int\"}"));

        assertThat(client.isCompatible(subject, breaking)).isFalse();
        assertThatThrownBy(() -> client.register(subject, breaking))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isEqualTo(409));
        assertThat(client.versions(subject)).hasSize(1);
    }

    @Test
    void shouldKeepSchemaIdsAcrossARestart() {
        String subject = "restart.samples-value";
        int id = client.register(subject, OLD_SAMPLE);

        // When the registry restarts, rebuilding itself from the compacted topic
        client.close();
        registry.close();
        registry = startRegistryOnBroker();
        client = RestSchemaRegistryClient.of(registry.url());

        // Then the same id resolves to the same schema, and registering again returns that id
        assertThat(client.getById(id)).isEqualTo(OLD_SAMPLE);
        assertThat(client.subjects()).contains(subject);
        assertThat(client.register(subject, OLD_SAMPLE)).isEqualTo(id);
    }

    private static byte[] wireFormat(int id, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WireFormat.MAGIC_BYTE);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
