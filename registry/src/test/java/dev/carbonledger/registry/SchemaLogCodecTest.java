package dev.carbonledger.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.schemas.registry.CompatibilityLevel;
import dev.carbonledger.schemas.registry.SchemaLogEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaLogCodecTest {
    private static final String V1 =
            "{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"a\", \"type\": \"string\"}]}";
    @Test
    void shouldRoundTripEveryEntryKindThroughTheCodec() {
        List<SchemaLogEntry> entries = List.of(
                new SchemaLogEntry.SchemaVersion("s-value", 3, 7, V1),
                new SchemaLogEntry.Config(null, CompatibilityLevel.FULL_TRANSITIVE),
                new SchemaLogEntry.Config("s-value", null));

        for (SchemaLogEntry entry : entries) {
            assertThat(SchemaLogCodec.decode(SchemaLogCodec.encode(entry))).isEqualTo(entry);
        }
        assertThat(entries).extracting(SchemaLogEntry::key).containsExactly("schema/s-value/3", "config", "config/s-value");
        assertThatThrownBy(() -> SchemaLogCodec.decode("{\"type\": \"OTHER\"}".getBytes()))
                .hasMessageContaining("OTHER");
    }
}
