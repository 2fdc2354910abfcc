package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.streams.testing.InMemoryRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Snapshot of {@code topology.describe()}: a rename of a processor, store or topic shows up here in review. */
class TopologyDescriptionTest {
    @Test
    void shouldMatchCommittedSnapshot() throws IOException {
        String actual = AccountingTopology.build(AccountingOptions.defaults(), AccountingSerdes.avro(new InMemoryRegistry()))
                .describe().toString().strip();
        try (InputStream in = getClass().getResourceAsStream("/topology-description.txt")) {
            assertThat(in).as("snapshot resource").isNotNull();
            String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void shouldNameEveryNodeExplicitly() {
        String actual = AccountingTopology.build(AccountingOptions.defaults(), AccountingSerdes.avro(new InMemoryRegistry()))
                .describe().toString();
        assertThat(actual).doesNotContain("KSTREAM-").doesNotContain("KTABLE-").doesNotContain("STATE-STORE-");
    }
}
