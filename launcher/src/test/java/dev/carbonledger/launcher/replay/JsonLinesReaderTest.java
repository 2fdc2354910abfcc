package dev.carbonledger.launcher.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.NodeInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesReaderTest {

    @Test
    void shouldSkipAndCountMalformedLinesWithoutStopping(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("nodes.jsonl"), String.join("\n",
                "{\"node\":\"n1\",\"zone\":\"DE\"}",
                "not json",
                "",
                "[1,2]",
                "{\"node\":\"n2\"}",
                "{\"node\":\"n3\",\"zone\":\"FR\",\"pue\":1.1}") + "\n");
        List<NodeInfo> nodes = new ArrayList<>();
        MalformedLines malformed = new MalformedLines();

        long accepted = JsonLinesReader.read(file, ReplayRecords::node, nodes::add, malformed);

        assertThat(accepted).isEqualTo(2);
        assertThat(nodes).extracting(NodeInfo::getNode).containsExactly("n1", "n3");
        assertThat(malformed.total()).isEqualTo(3);
        assertThat(malformed.perFile()).isEqualTo(Map.of("nodes.jsonl", 3L));
    }

    @Test
    void shouldTreatAMissingFileAsNoRecords(@TempDir Path dir) {
        MalformedLines malformed = new MalformedLines();

        long accepted = JsonLinesReader.read(dir.resolve("pods.jsonl"), ReplayRecords::pod, p -> {}, malformed);

        assertThat(accepted).isZero();
        assertThat(malformed.total()).isZero();
    }
}
