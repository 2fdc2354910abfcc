package dev.carbonledger.streams.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Key and value encodings of the accounting task's local pre-aggregation store: the finest grain
 * (team, model, namespace, zone, windowStart) → (joules, grams, pieces, intervals, eventTime).
 */
final class PreAggregate {
    static final int VALUE_SIZE = 40;
    private static final char SEP = '\u0000';

    private PreAggregate() {}

    static byte[] key(String team, String model, String namespace, String zone, long windowStart) {
        String s = team + SEP + model + SEP + namespace + SEP + zone + SEP + windowStart;
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** [team, model, namespace, zone, windowStart]. */
    static String[] parseKey(byte[] key) {
        String[] parts = new String(key, StandardCharsets.UTF_8).split(String.valueOf(SEP), -1);
        if (parts.length != 5) {
            throw new IllegalStateException("corrupt pre-aggregation key with " + parts.length + " parts");
        }
        return parts;
    }

    static byte[] add(byte[] current, double joules, double grams, long pieces, long intervals, long eventTime) {
        ByteBuffer out = ByteBuffer.allocate(VALUE_SIZE);
        if (current == null) {
            out.putDouble(joules).putDouble(grams).putLong(pieces).putLong(intervals).putLong(eventTime);
        } else {
            ByteBuffer in = ByteBuffer.wrap(current);
            out.putDouble(in.getDouble() + joules).putDouble(in.getDouble() + grams).putLong(in.getLong() + pieces)
                    .putLong(in.getLong() + intervals).putLong(Math.max(in.getLong(), eventTime));
        }
        return out.array();
    }
}
