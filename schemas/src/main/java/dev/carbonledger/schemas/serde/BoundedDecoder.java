package dev.carbonledger.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * A binary decoder over one payload that refuses string, bytes and collection-block lengths larger than the
 * payload itself. Avro's own limits default to about 2 GiB, so one corrupt length prefix would otherwise make
 * the decoder allocate that much and could take the whole stream application down with an OutOfMemoryError.
 * (Arrays or maps of zero-byte items — null, empty records — with more items than payload bytes are therefore
 * rejected too; no project schema has them.) Not thread-safe: one per thread, {@link #reset} per record.
 */
final class BoundedDecoder extends Decoder {
    private BinaryDecoder in;
    private int limit;

    /** Points the decoder at {@code bytes[offset .. offset + length)}. */
    BoundedDecoder reset(byte[] bytes, int offset, int length) {
        in = DecoderFactory.get().binaryDecoder(bytes, offset, length, in);
        limit = length;
        return this;
    }

    private int checkedLength(String what) throws IOException {
        long length = in.readLong();
        if (length < 0 || length > limit) {
            throw new AvroRuntimeException("Malformed Avro payload: " + what + " length " + length
                    + " is negative or longer than the whole " + limit + "-byte payload");
        }
        return (int) length;
    }

    private long checkedCount(long count) {
        if (count > limit) {
            throw new AvroRuntimeException("Malformed Avro payload: collection block of " + count
                    + " items in a " + limit + "-byte payload");
        }
        return count;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = checkedLength("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        if (length > 0) {
            in.readFixed(result.getBytes(), 0, length);
        }
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = checkedLength("string");
        if (length == 0) {
            return "";
        }
        byte[] bytes = new byte[length];
        in.readFixed(bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed(checkedLength("string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = checkedLength("bytes");
        ByteBuffer result = old != null && length <= old.capacity() ? old : ByteBuffer.allocate(length);
        result.clear();
        in.readFixed(result.array(), result.position(), length);
        result.limit(length);
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed(checkedLength("bytes"));
    }

    @Override
    public long readArrayStart() throws IOException {
        return checkedCount(in.readArrayStart());
    }

    @Override
    public long arrayNext() throws IOException {
        return checkedCount(in.arrayNext());
    }

    @Override
    public long skipArray() throws IOException {
        return checkedCount(in.skipArray());
    }

    @Override
    public long readMapStart() throws IOException {
        return checkedCount(in.readMapStart());
    }

    @Override
    public long mapNext() throws IOException {
        return checkedCount(in.mapNext());
    }

    @Override
    public long skipMap() throws IOException {
        return checkedCount(in.skipMap());
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
