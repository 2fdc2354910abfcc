package dev.carbonledger.launcher.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Streams one replay input file, line by line, into records. A line that is not a JSON object or that the mapper
 * rejects is handed to the {@link MalformedLines} report with its file, line number and reason; blank lines are
 * skipped. Nothing is held in memory, so a million-line file costs no heap.
 */
final class JsonLinesReader {
    private static final ObjectReader JSON = new ObjectMapper().readerFor(JsonNode.class);

    private JsonLinesReader() {}

    /** Reads the file if it exists (a missing file means no records) and returns the number of records accepted. */
    static <T> long read(Path file, Function<JsonNode, T> mapper, Consumer<T> sink, MalformedLines malformed) {
        if (!Files.exists(file)) {
            return 0;
        }
        String name = file.getFileName().toString();
        long accepted = 0;
        long lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                T record;
                try {
                    record = mapper.apply(parseObject(line));
                } catch (MalformedLineException e) {
                    malformed.report(name, lineNumber, e.getMessage());
                    continue;
                }
                sink.accept(record);
                accepted++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " at line " + lineNumber, e);
        }
        return accepted;
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
