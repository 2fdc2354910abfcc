package dev.carbonledger.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: magic byte {@code 0}, the schema id as a 4-byte big-endian int, then the Avro
 * binary encoding of the record. Newer Confluent clients may instead put the schema id in a record header
 * and start the payload with magic byte {@code 1} and a GUID; that variant is not supported and is rejected.
 */
public final class WireFormat {
    public static final byte MAGIC_BYTE = 0x0;
    /** Magic byte of Confluent's newer header / GUID framing, which this project does not read. */
    public static final byte MAGIC_BYTE_GUID = 0x1;
    public static final int ID_SIZE = 4;
    public static final int HEADER_SIZE = 1 + ID_SIZE;

    private WireFormat() {}

    /**
     * The schema id in the header of {@code data}, after checking the magic byte and length.
     *
     * @throws SerializationException naming the topic and the byte found when the framing is not ours
     */
    public static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Cannot deserialize record from topic '" + topic + "': "
                    + data.length + " byte(s) is shorter than the " + HEADER_SIZE
                    + "-byte Confluent wire-format header (magic byte 0 + 4-byte schema id)");
        }
        byte magic = data[0];
        if (magic != MAGIC_BYTE) {
            throw new SerializationException(unknownMagic(topic, magic));
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }

    /** Writes magic byte and id into {@code buffer[offset .. offset + 5)}. */
    public static void writeHeader(byte[] buffer, int offset, int schemaId) {
        buffer[offset] = MAGIC_BYTE;
        buffer[offset + 1] = (byte) (schemaId >>> 24);
        buffer[offset + 2] = (byte) (schemaId >>> 16);
        buffer[offset + 3] = (byte) (schemaId >>> 8);
        buffer[offset + 4] = (byte) schemaId;
    }

    private static String unknownMagic(String topic, byte magic) {
        String found = String.format("0x%02x", magic & 0xff);
        if (magic == MAGIC_BYTE_GUID) {
            return "Cannot deserialize record from topic '" + topic + "': magic byte " + found
                    + " is Confluent's schema-GUID/header framing, which is unsupported; "
                    + "configure the producer to write magic byte 0x00 with a 4-byte schema id";
        }
        return "Cannot deserialize record from topic '" + topic + "': unknown magic byte " + found
                + ", expected 0x00 (Confluent wire format: magic byte 0, 4-byte schema id, Avro binary)";
    }
}
