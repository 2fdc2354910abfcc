package dev.carbonledger.streams.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What flows through the two SCI repartition topics: {@code sci-node-energy} (key = node; {@link NodeEnergy} from every
 * accounting flush) and {@code sci-parts} (key = model; {@link NodeShare} changes from the embodied-share processor and
 * {@link Units} from the functional-unit counters).
 */
public sealed interface SciInput {

    /** Joules and grams of one model's pods on one node in one window, from one flush of one accounting task (a sum to add). */
    record NodeEnergy(String node, String model, long windowStart, double joules, double grams, long eventTime)
            implements SciInput {}

    /**
     * The change of one node's contribution to one model in one window since the previous one sent (so the sums of
     * these are the node's whole contribution): joules, operational grams and share of the node's embodied grams.
     * Sent as changes, not values, so the receiving window holds three sums instead of one entry per node.
     */
    record NodeShare(String model, long windowStart, String node, double joules, double grams, double embodiedGrams,
                     long eventTime) implements SciInput {}

    /** Functional units of one model counted in one window, from one counter interval (a sum to add). */
    record Units(String model, String unit, long windowStart, double units, long eventTime) implements SciInput {}

    byte NODE_ENERGY = 1;
    byte NODE_SHARE = 2;
    byte UNITS = 3;

    static byte[] encode(SciInput input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (input instanceof NodeEnergy e) {
                out.writeByte(NODE_ENERGY);
                out.writeUTF(e.node());
                out.writeUTF(e.model());
                out.writeLong(e.windowStart());
                out.writeDouble(e.joules());
                out.writeDouble(e.grams());
                out.writeLong(e.eventTime());
            } else if (input instanceof NodeShare s) {
                out.writeByte(NODE_SHARE);
                out.writeUTF(s.model());
                out.writeLong(s.windowStart());
                out.writeUTF(s.node());
                out.writeDouble(s.joules());
                out.writeDouble(s.grams());
                out.writeDouble(s.embodiedGrams());
                out.writeLong(s.eventTime());
            } else if (input instanceof Units u) {
                out.writeByte(UNITS);
                out.writeUTF(u.model());
                out.writeUTF(u.unit());
                out.writeLong(u.windowStart());
                out.writeDouble(u.units());
                out.writeLong(u.eventTime());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SciInput decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte tag = in.readByte();
            return switch (tag) {
                case NODE_ENERGY -> new NodeEnergy(in.readUTF(), in.readUTF(), in.readLong(), in.readDouble(),
                        in.readDouble(), in.readLong());
                case NODE_SHARE -> new NodeShare(in.readUTF(), in.readLong(), in.readUTF(), in.readDouble(),
                        in.readDouble(), in.readDouble(), in.readLong());
                case UNITS -> new Units(in.readUTF(), in.readUTF(), in.readLong(), in.readDouble(), in.readLong());
                default -> throw new IllegalArgumentException("unknown SCI input tag " + tag);
            };
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("corrupt SCI input (" + data.length + " bytes): " + e.getMessage(), e);
        }
    }

    /** Serde of the SCI repartition topics. */
    static Serde<SciInput> serde() {
        Serializer<SciInput> ser = (topic, v) -> v == null ? null : encode(v);
        Deserializer<SciInput> de = (topic, data) -> data == null ? null : decode(data);
        return Serdes.serdeFrom(ser, de);
    }
}
