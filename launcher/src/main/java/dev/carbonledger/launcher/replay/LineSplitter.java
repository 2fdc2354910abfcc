package dev.carbonledger.launcher.replay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into UTF-8 lines without trusting it: a line is decoded strictly (an invalid sequence is a
 * problem of that line, not of the file), and a line longer than the limit is skipped up to its newline without being
 * held. Reads in 64 KiB chunks.
 */
final class LineSplitter {
    /** Receives each decoded line (without its terminator) and its 1-based number. */
    interface LineHandler {
        void line(long number, String text);
    }

    /** Receives a line that could not be decoded, with the reason. */
    interface ProblemHandler {
        void problem(long number, String reason);
    }

    private final InputStream in;
    private final int maxLineBytes;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    LineSplitter(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** Hands every line to one of the handlers; returns the number of lines. */
    long forEach(LineHandler lines, ProblemHandler problems) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        byte[] line = new byte[256];
        int length = 0;
        boolean tooLong = false;
        long number = 0;
        int n;
        boolean pending = false;
        while ((n = in.read(chunk)) > 0) {
            int from = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] != '\n') {
                    continue;
                }
                if (!tooLong) {
                    line = append(line, length, chunk, from, i - from);
                    length += i - from;
                }
                number++;
                emit(number, line, length, tooLong, lines, problems);
                length = 0;
                tooLong = false;
                pending = false;
                from = i + 1;
            }
            int rest = n - from;
            if (rest > 0) {
                pending = true;
                if (!tooLong && length + rest > maxLineBytes) {
                    tooLong = true;
                    length = 0;
                } else if (!tooLong) {
                    line = append(line, length, chunk, from, rest);
                    length += rest;
                }
            }
        }
        if (pending) {
            number++;
            emit(number, line, length, tooLong, lines, problems);
        }
        return number;
    }

    private void emit(long number, byte[] line, int length, boolean tooLong, LineHandler lines, ProblemHandler problems) {
        if (tooLong || length > maxLineBytes) {
            problems.problem(number, "line longer than " + maxLineBytes + " bytes (not a replay row)");
            return;
        }
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(line, 0, end)).toString();
        } catch (CharacterCodingException e) {
            problems.problem(number, "not valid UTF-8");
            return;
        }
        lines.line(number, text);
    }

    private static byte[] append(byte[] line, int length, byte[] src, int from, int count) {
        byte[] out = line;
        if (length + count > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + count));
        }
        System.arraycopy(src, from, out, length, count);
        return out;
    }
}
