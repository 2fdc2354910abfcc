package dev.carbonledger.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronized, reusable byte sink (ByteArrayOutputStream synchronizes every write). One per thread. */
final class ByteBufferOutput extends OutputStream {
    private byte[] buffer;
    private int size;

    ByteBufferOutput(int initialCapacity) {
        buffer = new byte[initialCapacity];
    }

    @Override
    public void write(int b) {
        ensure(size + 1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensure(size + length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    /** Skips {@code n} bytes, to be filled in later through {@link #array()}. */
    void skip(int n) {
        ensure(size + n);
        size += n;
    }

    byte[] array() {
        return buffer;
    }

    int size() {
        return size;
    }

    int capacity() {
        return buffer.length;
    }

    void reset() {
        size = 0;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int needed) {
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, buffer.length * 2));
        }
    }
}
