package dev.carbonledger.collectors;

import dev.carbonledger.collectors.publisher.CollectorSerializers;
import dev.carbonledger.collectors.publisher.SerializerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Plain Avro binary (no registry framing), enough for tests that only route records. */
public final class AvroBinarySerializers implements SerializerFactory {

    public static CollectorSerializers create() {
        return CollectorSerializers.using(new AvroBinarySerializers());
    }

    @Override
    public <T extends SpecificRecord> Serializer<T> valueSerializer(Class<T> type) {
        SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(type);
        return (topic, value) -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            try {
                writer.write(value, encoder);
                encoder.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        };
    }
}
