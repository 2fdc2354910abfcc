package dev.carbonledger.streams.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A partial sum of pieces, pre-aggregated in one accounting task and sent through the {@code partials}
 * repartition topic to the task owning its group, where partials are summed into final values. Also the value
 * format of the window and totals stores.
 *
 * @param kind       which rollup it feeds
 * @param windowStart window start (0 for totals)
 * @param windowEnd   window end, exclusive (0 for totals)
 * @param pieces     number of ledger pieces summed
 * @param intervals  number of sample intervals whose last piece is in this partial
 * @param eventTime  largest sample time seen (stream time of the producing task, or of the store entry)
 */
public record Partial(Kind kind, String team, String model, String namespace, String zone, long windowStart,
                      long windowEnd, double energyJoules, double co2eGrams, long pieces, long intervals,
                      long eventTime) {

    /** The rollups. */
    public enum Kind {
        TEAM('T'), MODEL('M'), TEAM_HOURLY('H'), TOTAL('S');

        final char tag;

        Kind(char tag) {
            this.tag = tag;
        }
    }

    /** The repartition and store key: groups and windows what must be summed together. */
    public String key() {
        return switch (kind) {
            case TEAM, TEAM_HOURLY -> kind.tag + "|" + team + "@" + windowStart;
            case MODEL -> kind.tag + "|" + model + "@" + windowStart;
            case TOTAL -> kind.tag + "|" + totalsKey();
        };
    }

    /** Key of the totals topic: team|model|namespace|zone. */
    public String totalsKey() {
        return team + "|" + model + "|" + namespace + "|" + zone;
    }

    /** The rollup's group: team or model. */
    public String group() {
        return kind == Kind.MODEL ? model : team;
    }

    public Partial plus(Partial o) {
        return new Partial(kind, team, model, namespace, zone, windowStart, windowEnd, energyJoules + o.energyJoules,
                co2eGrams + o.co2eGrams, pieces + o.pieces, intervals + o.intervals, Math.max(eventTime, o.eventTime));
    }

    public byte[] encode() {
        byte[] t = bytes(team);
        byte[] m = bytes(model);
        byte[] n = bytes(namespace);
        byte[] z = bytes(zone);
        ByteBuffer b = ByteBuffer.allocate(1 + 16 + t.length + m.length + n.length + z.length + 7 * 8);
        b.put((byte) kind.ordinal());
        put(b, t);
        put(b, m);
        put(b, n);
        put(b, z);
        b.putLong(windowStart).putLong(windowEnd).putDouble(energyJoules).putDouble(co2eGrams)
                .putLong(pieces).putLong(intervals).putLong(eventTime);
        return b.array();
    }

    public static Partial decode(byte[] data) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            Kind kind = Kind.values()[b.get()];
            return new Partial(kind, str(b), str(b), str(b), str(b), b.getLong(), b.getLong(), b.getDouble(),
                    b.getDouble(), b.getLong(), b.getLong(), b.getLong());
        } catch (RuntimeException e) {
            throw new SerializationException("corrupt partial aggregate (" + data.length + " bytes)", e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void put(ByteBuffer b, byte[] s) {
        b.putInt(s.length).put(s);
    }

    private static String str(ByteBuffer b) {
        int len = b.getInt();
        String s = new String(b.array(), b.position(), len, StandardCharsets.UTF_8);
        b.position(b.position() + len);
        return s;
    }

    /** Serde for the repartition topic and the stores. */
    public static Serde<Partial> serde() {
        Serializer<Partial> ser = (topic, p) -> p == null ? null : p.encode();
        Deserializer<Partial> de = (topic, data) -> data == null ? null : decode(data);
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(ser, de);
    }
}
