package dev.carbonledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.LedgerPiece;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class LedgerEntryWriterTest {
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void shouldWriteTheSameBytesAsAvrosGenericWriter() throws IOException {
        SpecificDatumWriter<LedgerEntry> generic = new SpecificDatumWriter<>(LedgerEntry.getClassSchema(),
                SpecificData.getForClass(LedgerEntry.class));
        LedgerEntryWriter fast = new LedgerEntryWriter();
        for (int i = 0; i < 2_000; i++) {
            LedgerEntry entry = randomEntry(i % 7);
            assertThat(encode(fast, entry)).as("entry %d: %s", i, entry).isEqualTo(encode(generic, entry));
        }
    }

    @Test
    void shouldBeWhatTheSerializerUsesAndReadBackEqual() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        ConfluentAvroSerde<LedgerEntry> serde = ConfluentAvroSerde.forValues(registry, LedgerEntry.class);
        for (int i = 0; i < 200; i++) {
            LedgerEntry entry = randomEntry(i % 4);
            assertRoundTrips(serde, entry);
        }
    }

    @Test
    void shouldSupportOnlyTheSchemaItWasWrittenFor() {
        assertThat(LedgerEntryWriter.supports(LedgerEntry.getClassSchema())).isTrue();
        Schema other = SchemaBuilder.record("LedgerEntry").fields().requiredString("podUid").endRecord();
        assertThat(LedgerEntryWriter.supports(other)).isFalse();
        assertThatThrownBy(() -> new LedgerEntryWriter().setSchema(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("podUid:STRING");
    }

    @Test
    void shouldFailLikeTheGenericWriterOnAMissingRequiredFieldAndLeaveNothingBehindForTheNextRecord() {
        LedgerEntry broken = randomEntry(1);
        broken.setTeam(null);   // fails half way through: the first six fields are already in the encoder's buffer
        ConfluentAvroSerde<LedgerEntry> serde = ConfluentAvroSerde.forValues(new InMemorySchemaRegistryClient(), LedgerEntry.class);
        assertThatThrownBy(() -> serde.serializer().serialize("carbon.ledger", broken))
                .isInstanceOf(SerializationException.class).hasMessageContaining("dev.carbonledger.avro.LedgerEntry");

        assertRoundTrips(serde, randomEntry(2));
    }

    /** Read back, the entry prints the same and writes the same bytes (equals() would fail on NaN fields). */
    private static void assertRoundTrips(ConfluentAvroSerde<LedgerEntry> serde, LedgerEntry entry) {
        byte[] bytes = serde.serializer().serialize("carbon.ledger", entry);
        LedgerEntry back = serde.deserializer().deserialize("carbon.ledger", bytes);
        assertThat(back.toString()).isEqualTo(entry.toString());
        assertThat(serde.serializer().serialize("carbon.ledger", back)).isEqualTo(bytes);
    }

    private static byte[] encode(org.apache.avro.io.DatumWriter<LedgerEntry> writer, LedgerEntry entry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(entry, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private LedgerEntry randomEntry(int pieces) {
        long t0 = random.nextLong(-100_000_000_000L, 4_000_000_000_000L);
        List<LedgerPiece> list = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            list.add(new LedgerPiece(Instant.ofEpochMilli(t0 + p), Instant.ofEpochMilli(t0 + p + 1),
                    Instant.ofEpochMilli(t0 - random.nextInt(60_000)), randomDouble(), randomDouble(),
                    random.nextBoolean() ? null : Instant.ofEpochMilli(random.nextLong()), randomDouble()));
        }
        return new LedgerEntry(text(), text(), text(), text(), text(), text(), text(), Instant.ofEpochMilli(t0),
                Instant.ofEpochMilli(t0 + random.nextLong(1, 1L << 40)), random.nextBoolean(), randomDouble(),
                randomDouble(), randomDouble(), list);
    }

    private double randomDouble() {
        return switch (random.nextInt(5)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> Double.MAX_VALUE;
            case 3 -> Double.NaN;
            default -> random.nextDouble() * 1e9;
        };
    }

    private String text() {
        String[] samples = {"", "a", "pod-0001", "zone-ü-东京", "x".repeat(300), "unattributed"};
        return samples[random.nextInt(samples.length)] + random.nextInt(1000);
    }
}
