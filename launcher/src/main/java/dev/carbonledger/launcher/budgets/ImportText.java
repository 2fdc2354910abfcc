package dev.carbonledger.launcher.budgets;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An import file's bytes as text: strict UTF-8 (a byte-order mark is dropped), no control characters but tab, CR
 * and LF, no line longer than {@link #MAX_LINE_CHARS}. Binary junk and huge lines stop here with one problem naming
 * the line, before any parser sees them (SnakeYAML takes seconds over a scalar of a few megabytes).
 */
final class ImportText {
    /** A budget takes well under 200 characters; this leaves room for hundreds of them in one YAML flow list. */
    static final int MAX_LINE_CHARS = 65_536;

    private ImportText() {}

    /** The text (without a byte-order mark), or null after adding the problem that makes it unusable. */
    static String decode(String file, byte[] bytes, List<ImportProblem> problems) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            problems.add(new ImportProblem(file, lineAt(bytes, offset), 0, null, String.format(
                    "not a text file: byte 0x%02X at offset %d is not UTF-8 (import files are UTF-8 text)",
                    bytes[offset] & 0xff, offset)));
            return null;
        }
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Whether the text is usable; if not, false after adding the problem. */
    static boolean check(String file, String text, List<ImportProblem> problems) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                continue;
            }
            if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
                problems.add(new ImportProblem(file, line, 0, null, String.format(
                        "not a text file: control character U+%04X at column %d (import files are UTF-8 text)",
                        (int) c, column)));
                return false;
            }
            if (++column > MAX_LINE_CHARS) {
                int length = lineLength(text, i - column + 2);
                problems.add(new ImportProblem(file, line, 0, null, "the line is " + length + " characters long (at most "
                        + MAX_LINE_CHARS + "): is this a budgets file?"));
                return false;
            }
        }
        return true;
    }

    private static int lineLength(String text, int start) {
        int end = text.indexOf('\n', start);
        int length = (end < 0 ? text.length() : end) - start;
        return end > 0 && text.charAt(end - 1) == '\r' ? length - 1 : length;
    }

    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
