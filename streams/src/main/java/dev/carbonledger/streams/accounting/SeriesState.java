package dev.carbonledger.streams.accounting;

/**
 * The last accepted sample of one series (pod, component): its timestamp in epoch millis and its cumulative
 * counter in joules. Immutable; 16 bytes when encoded (see {@link #encode()}).
 */
public record SeriesState(long timestampMillis, double counterJoules) {

    public static final int ENCODED_SIZE = 16;

    public byte[] encode() {
        byte[] out = new byte[ENCODED_SIZE];
        long bits = Double.doubleToRawLongBits(counterJoules);
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (timestampMillis >>> (56 - 8 * i));
            out[8 + i] = (byte) (bits >>> (56 - 8 * i));
        }
        return out;
    }

    public static SeriesState decode(byte[] in) {
        if (in.length != ENCODED_SIZE) {
            throw new IllegalArgumentException("series state must be " + ENCODED_SIZE + " bytes, got " + in.length);
        }
        long ts = 0;
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            ts = (ts << 8) | (in[i] & 0xffL);
            bits = (bits << 8) | (in[8 + i] & 0xffL);
        }
        return new SeriesState(ts, Double.longBitsToDouble(bits));
    }
}
