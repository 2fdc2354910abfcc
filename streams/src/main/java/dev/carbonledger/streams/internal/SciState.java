package dev.carbonledger.streams.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;

/** Values of the two SCI window stores, with their byte encodings (the stores' changelogs). */
final class SciState {
    private SciState() {}

    /** Values per model of a node window: joules, grams, sent joules, sent grams, sent embodied grams. */
    static final int MODEL_FIELDS = 5;

    /** A node's energy per model in one window ({@code sci-node-windows-store}, key = node@windowStart). */
    static final class NodeWindow {
        /** model → {joules, grams, and the joules, grams and embodied grams sent so far}. Sorted: one order after a restore. */
        final Map<String, double[]> models = new TreeMap<>();
        /** Changed since its shares were last forwarded (kept in the store, so a restart forwards them too). */
        boolean pending;
        /** Largest record timestamp of the energy in it: the timestamp of the shares forwarded. */
        long timestamp = Long.MIN_VALUE;

        byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + 40 * models.size());
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeBoolean(pending);
                out.writeLong(timestamp);
                out.writeInt(models.size());
                for (Map.Entry<String, double[]> e : models.entrySet()) {
                    out.writeUTF(e.getKey());
                    for (int i = 0; i < MODEL_FIELDS; i++) {
                        out.writeDouble(e.getValue()[i]);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        static NodeWindow decode(byte[] data) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                NodeWindow w = new NodeWindow();
                w.pending = in.readBoolean();
                w.timestamp = in.readLong();
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    String model = in.readUTF();
                    double[] v = new double[MODEL_FIELDS];
                    for (int k = 0; k < MODEL_FIELDS; k++) {
                        v[k] = in.readDouble();
                    }
                    w.models.put(model, v);
                }
                return w;
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("corrupt SCI node window (" + data.length + " bytes)", e);
            }
        }
    }

    /** A model's SCI parts in one window ({@code sci-windows-store}, key = model@windowStart). */
    static final class ModelWindow {
        /** Σ over the model's nodes: joules, operational grams, embodied grams. */
        double joules;
        double operationalGrams;
        double embodiedGrams;
        /** unit → units counted. */
        final Map<String, Double> units = new TreeMap<>();
        /** The final value was emitted (the window closed); later updates are late corrections. */
        boolean closed;
        /** Changed since its value was last published (kept in the store, so a restart publishes it too). */
        boolean pending;
        /** Largest event time of its inputs: the timestamp of running updates. */
        long eventTime = Long.MIN_VALUE;

        byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 24 * units.size());
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeBoolean(closed);
                out.writeBoolean(pending);
                out.writeLong(eventTime);
                out.writeDouble(joules);
                out.writeDouble(operationalGrams);
                out.writeDouble(embodiedGrams);
                out.writeInt(units.size());
                for (Map.Entry<String, Double> e : units.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeDouble(e.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        static ModelWindow decode(byte[] data) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                ModelWindow w = new ModelWindow();
                w.closed = in.readBoolean();
                w.pending = in.readBoolean();
                w.eventTime = in.readLong();
                w.joules = in.readDouble();
                w.operationalGrams = in.readDouble();
                w.embodiedGrams = in.readDouble();
                int u = in.readInt();
                for (int i = 0; i < u; i++) {
                    w.units.put(in.readUTF(), in.readDouble());
                }
                return w;
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("corrupt SCI model window (" + data.length + " bytes)", e);
            }
        }
    }

    /** Store key of a group's window: group@windowStart. */
    static String key(String group, long windowStart) {
        return group + "@" + windowStart;
    }

    /** The window start of a store key. */
    static long windowStartOf(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf('@') + 1));
    }
}
