package dev.carbonledger.launcher.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Replay input and output files in tests: lines written as given, JSON Lines read back as trees. */
final class ReplayTestFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplayTestFiles() {}

    static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    static void write(Path file, String... lines) throws IOException {
        Files.write(file, List.of(lines));
    }
}
