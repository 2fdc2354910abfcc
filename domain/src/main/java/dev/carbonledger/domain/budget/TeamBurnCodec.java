package dev.carbonledger.domain.budget;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary form of a {@link TeamBurn} (the value of the burn store and its changelog; the key is the team).
 * Version 1. Compact and versioned; readable only here.
 */
public final class TeamBurnCodec {
    private static final byte VERSION = 1;

    private TeamBurnCodec() {}

    public static byte[] encode(TeamBurn burn) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            BudgetSpec b = burn.budget();
            out.writeBoolean(b != null);
            if (b != null) {
                BudgetSpecCodec.write(out, b);
            }
            out.writeInt(burn.days.size());
            for (Map.Entry<Long, double[]> d : burn.days.entrySet()) {
                out.writeLong(d.getKey());
                out.writeDouble(d.getValue()[0]);
                out.writeDouble(d.getValue()[1]);
            }
            out.writeInt(burn.transfers.size());
            for (Map.Entry<Long, Double> t : burn.transfers.entrySet()) {
                out.writeLong(t.getKey());
                out.writeDouble(t.getValue());
            }
            out.writeInt(burn.crossings.size());
            for (Map.Entry<Long, TreeMap<Double, TeamBurn.Crossing>> p : burn.crossings.entrySet()) {
                out.writeLong(p.getKey());
                out.writeInt(p.getValue().size());
                for (Map.Entry<Double, TeamBurn.Crossing> c : p.getValue().entrySet()) {
                    out.writeDouble(c.getKey());
                    out.writeLong(c.getValue().crossedAt());
                    out.writeBoolean(c.getValue().resolved());
                }
            }
            SpendRing ring = burn.ring();
            out.writeBoolean(ring != null);
            if (ring != null) {
                out.writeLong(ring.bucketMillis());
                out.writeLong(ring.headBucket());
                float[] values = ring.values();
                out.writeInt(values.length);
                for (float v : values) {
                    out.writeFloat(v);
                }
                out.writeLong(burn.ringFirstSpend());
            }
            for (long t : burn.times()) {
                out.writeLong(t);
            }
            out.writeInt(burn.gates.size());
            for (Map.Entry<String, TeamBurn.GateState> g : burn.gates.entrySet()) {
                out.writeUTF(g.getKey());
                out.writeByte(g.getValue().verdict().ordinal());
                out.writeLong(g.getValue().validUntil());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException if the bytes are not a team burn of a known version
     */
    public static TeamBurn decode(String team, byte[] data, BurnSettings settings) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("unknown budget burn state version " + version + " for team " + team);
            }
            TeamBurn burn = new TeamBurn(team, settings);
            BudgetSpec budget = null;
            if (in.readBoolean()) {
                budget = BudgetSpecCodec.read(in);
            }
            for (int i = in.readInt(); i > 0; i--) {
                burn.days.put(in.readLong(), new double[] {in.readDouble(), in.readDouble()});
            }
            for (int i = in.readInt(); i > 0; i--) {
                burn.transfers.put(in.readLong(), in.readDouble());
            }
            for (int i = in.readInt(); i > 0; i--) {
                long periodStart = in.readLong();
                TreeMap<Double, TeamBurn.Crossing> c = new TreeMap<>();
                for (int j = in.readInt(); j > 0; j--) {
                    c.put(in.readDouble(), new TeamBurn.Crossing(in.readLong(), in.readBoolean()));
                }
                burn.crossings.put(periodStart, c);
            }
            SpendRing ring = null;
            long ringFirstSpend = Long.MAX_VALUE;
            if (in.readBoolean()) {
                long bucket = in.readLong();
                long head = in.readLong();
                float[] values = new float[in.readInt()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readFloat();
                }
                ring = SpendRing.of(bucket, head, values);
                ringFirstSpend = in.readLong();
            }
            long[] times = new long[5];
            for (int i = 0; i < times.length; i++) {
                times[i] = in.readLong();
            }
            for (int i = in.readInt(); i > 0; i--) {
                String key = in.readUTF();
                burn.gates.put(key, new TeamBurn.GateState(BudgetGate.Verdict.values()[in.readByte()], in.readLong()));
            }
            burn.restore(budget, ring, ringFirstSpend, times);
            return burn;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("corrupt budget burn state for team " + team + " (" + data.length
                    + " bytes): " + e.getMessage(), e);
        }
    }
}
