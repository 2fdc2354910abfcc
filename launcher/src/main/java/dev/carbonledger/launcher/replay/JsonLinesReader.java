package dev.carbonledger.launcher.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Streams one replay input file, line by line, into records. A line that is not valid UTF-8, longer than
 * {@link #MAX_LINE_BYTES}, not a JSON object, or that the mapper rejects is handed to the {@link MalformedLines}
 * report with its file, line number and reason, and the reading goes on with the next line; blank lines are skipped.
 * Lines end with {@code \n} (a {@code \r} before it is dropped). Nothing but the current line is held in memory, so
 * a million-line file costs no heap, and a file of binary junk costs one bounded line buffer.
 */
final class JsonLinesReader {
    /** Far above any replay row (~150 bytes), low enough that a file without newlines cannot exhaust the heap. */
    static final int MAX_LINE_BYTES = 1 << 20;
    private static final ObjectReader JSON = new ObjectMapper().readerFor(JsonNode.class);

    private JsonLinesReader() {}

    /** Reads the file if it exists (a missing file means no records) and returns the number of records accepted. */
    static <T> long read(Path file, Function<JsonNode, T> mapper, Consumer<T> sink, MalformedLines malformed) {
        if (!Files.exists(file)) {
            return 0;
        }
        String name = file.getFileName().toString();
        long[] accepted = {0};
        long lines;
        try (InputStream in = Files.newInputStream(file)) {
            lines = new LineSplitter(in, MAX_LINE_BYTES).forEach((lineNumber, line) -> {
                try {
                    if (line.isBlank()) {
                        return;
                    }
                    sink.accept(mapper.apply(parseObject(line)));
                    accepted[0]++;
                } catch (MalformedLineException e) {
                    malformed.report(name, lineNumber, e.getMessage());
                }
            }, (lineNumber, reason) -> malformed.report(name, lineNumber, reason));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return accepted[0];
    }

    private static JsonNode parseObject(String line) {
        JsonNode node;
        try {
            node = JSON.readValue(line);
        } catch (JsonProcessingException e) {
            throw new MalformedLineException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedLineException("not valid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedLineException("not a JSON object");
        }
        return node;
    }
}
