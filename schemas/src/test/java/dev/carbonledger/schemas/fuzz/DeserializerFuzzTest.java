package dev.carbonledger.schemas.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroDeserializer;
import dev.carbonledger.schemas.serde.WireFormat;
import dev.carbonledger.schemas.topics.CarbonTopics;
import dev.carbonledger.schemas.topics.TopicNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire-format deserializer against hostile bytes, for every record type the project reads: random
 * bytes, valid records of every topic with random mutations (flipped, overwritten, inserted and deleted bytes,
 * truncation, huge varints), and valid records read as the wrong type. Each input either decodes or fails with
 * Kafka's {@link SerializationException} (which the pipeline's dead-letter handler turns into a record with its
 * reason); nothing else may escape — no {@code NullPointerException}, {@code ArrayIndexOutOfBoundsException},
 * {@code OutOfMemoryError} or {@code AvroRuntimeException}.
 */
class DeserializerFuzzTest {
    private static final String TOPIC = "fuzz";
    private static final InMemorySchemaRegistryClient REGISTRY = new InMemorySchemaRegistryClient();
    private static final List<Class<? extends SpecificRecord>> TYPES = new ArrayList<>(
            new java.util.LinkedHashSet<>(CarbonTopics.valueTypes(TopicNames.defaults()).values()));
    private static final Map<String, Integer> IDS = new TreeMap<>();
    private static final Map<String, long[]> OUTCOMES = new TreeMap<>();

    static {
        for (Class<? extends SpecificRecord> type : TYPES) {
            Schema schema = SpecificData.get().getSchema(type);
            IDS.put(type.getName(), REGISTRY.register(type.getSimpleName() + "-value", schema));
        }
    }

    @Property
    void randomBytesDecodeOrFailWithASerializationException(@ForAll("types") Class<? extends SpecificRecord> type,
                                                             @ForAll("junk") byte[] bytes) {
        decodeOrReject(type, bytes, "random");
    }

    @Property
    void mutatedRecordsDecodeOrFailWithASerializationException(@ForAll("mutatedRecords") Input input) {
        decodeOrReject(input.readAs(), input.bytes(), "mutated");
    }

    @Property
    void recordsReadAsAnotherTypeDecodeOrFailWithASerializationException(
            @ForAll("validRecords") Input input, @ForAll("types") Class<? extends SpecificRecord> otherType) {
        decodeOrReject(otherType, input.bytes(), "other-type");
    }

    @Property(tries = 200)
    void unmutatedRecordsAlwaysDecode(@ForAll("validRecords") Input input) {
        Object decoded = new ConfluentAvroDeserializer<>(REGISTRY, input.readAs()).deserialize(TOPIC, input.bytes());

        assertThat(decoded).isInstanceOf(input.readAs());
    }

    @AfterContainer
    static void report() {
        OUTCOMES.forEach((kind, counts) -> org.slf4j.LoggerFactory.getLogger(DeserializerFuzzTest.class)
                .info("event=fuzz_deserializer inputs={} decoded={} rejected={}", kind, counts[0], counts[1]));
    }

    private static void decodeOrReject(Class<? extends SpecificRecord> type, byte[] bytes, String kind) {
        ConfluentAvroDeserializer<? extends SpecificRecord> deserializer = new ConfluentAvroDeserializer<>(REGISTRY, type);
        String outcome;
        try {
            Object decoded = deserializer.deserialize(TOPIC, bytes);
            assertThat(decoded).isInstanceOf(type);
            outcome = "decoded";
        } catch (SerializationException e) {
            assertThat(e.getMessage()).as("a rejection names the topic").contains("'" + TOPIC + "'");
            outcome = "rejected";
        }
        Statistics.collect(outcome);
        synchronized (OUTCOMES) {
            OUTCOMES.computeIfAbsent(kind, k -> new long[2])[outcome.equals("decoded") ? 0 : 1]++;
        }
    }

    record Input(Class<? extends SpecificRecord> readAs, byte[] bytes) {}

    @Provide
    Arbitrary<Class<? extends SpecificRecord>> types() {
        return Arbitraries.of(TYPES);
    }

    @Provide
    Arbitrary<byte[]> junk() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
        // Junk behind a valid header: the deserializer gets past the magic byte and the id.
        Arbitrary<byte[]> headed = Combinators.combine(Arbitraries.of(IDS.values()), any).as((id, body) -> {
            byte[] out = new byte[WireFormat.HEADER_SIZE + body.length];
            WireFormat.writeHeader(out, 0, id);
            System.arraycopy(body, 0, out, WireFormat.HEADER_SIZE, body.length);
            return out;
        });
        return Arbitraries.oneOf(any, headed);
    }

    @Provide
    Arbitrary<Input> validRecords() {
        return Combinators.combine(types(), Arbitraries.longs()).as(DeserializerFuzzTest::valid);
    }

    @Provide
    Arbitrary<Input> mutatedRecords() {
        Arbitrary<List<Mutation>> mutations = Arbitraries.of(Mutation.Kind.values())
                .flatMap(kind -> Combinators.combine(Arbitraries.integers().between(0, 10_000),
                        Arbitraries.bytes()).as((at, value) -> new Mutation(kind, at, value)))
                .list().ofMinSize(1).ofMaxSize(6);
        return Combinators.combine(validRecords(), mutations).as((input, list) -> {
            byte[] bytes = input.bytes();
            for (Mutation m : list) {
                bytes = m.apply(bytes);
            }
            return new Input(input.readAs(), bytes);
        });
    }

    private static Input valid(Class<? extends SpecificRecord> type, long seed) {
        Schema schema = SpecificData.get().getSchema(type);
        Iterator<Object> generated = new RandomData(schema, 1, seed).iterator();
        Object record = generated.next();
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] header = new byte[WireFormat.HEADER_SIZE];
            WireFormat.writeHeader(header, 0, IDS.get(type.getName()));
            out.write(header);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<>(schema).write(record, encoder);
            encoder.flush();
            return new Input(type, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One edit of a payload. Positions wrap around the payload's length. */
    record Mutation(Kind kind, int at, byte value) {
        enum Kind { FLIP, OVERWRITE, INSERT, DELETE, TRUNCATE, HUGE_VARINT }

        byte[] apply(byte[] in) {
            if (in.length == 0) {
                return new byte[] {value};
            }
            int i = at % in.length;
            switch (kind) {
                case FLIP: {
                    byte[] out = in.clone();
                    out[i] ^= (byte) (1 << (value & 7));
                    return out;
                }
                case OVERWRITE: {
                    byte[] out = in.clone();
                    out[i] = value;
                    return out;
                }
                case INSERT: {
                    byte[] out = new byte[in.length + 1];
                    System.arraycopy(in, 0, out, 0, i);
                    out[i] = value;
                    System.arraycopy(in, i, out, i + 1, in.length - i);
                    return out;
                }
                case DELETE: {
                    byte[] out = new byte[in.length - 1];
                    System.arraycopy(in, 0, out, 0, i);
                    System.arraycopy(in, i + 1, out, i, in.length - i - 1);
                    return out;
                }
                case TRUNCATE:
                    return java.util.Arrays.copyOf(in, i);
                case HUGE_VARINT: {
                    // A zig-zag varint of about 2^62 (a string, bytes or block length no payload can hold).
                    byte[] varint = {(byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                            (byte) 0xff, (byte) 0xff, (byte) 0x7f};
                    byte[] out = new byte[in.length + varint.length];
                    System.arraycopy(in, 0, out, 0, i);
                    System.arraycopy(varint, 0, out, i, varint.length);
                    System.arraycopy(in, i, out, i + varint.length, in.length - i);
                    return out;
                }
                default:
                    throw new IllegalStateException("unknown mutation " + kind);
            }
        }
    }
}
