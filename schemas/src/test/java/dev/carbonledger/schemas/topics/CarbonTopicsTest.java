package dev.carbonledger.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class CarbonTopicsTest {
    private final TopicNames names = TopicNames.defaults();

    @Test
    void shouldGiveAnAvroTypeToEveryProjectTopicButTheRegistryStore() {
        List<String> expected = names.all(4).stream().map(TopicSpec::name)
                .filter(name -> !name.equals(names.schemas())).collect(Collectors.toList());

        assertThat(CarbonTopics.valueTypes(names).keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldDocumentEveryFieldOfEveryTopicSchema() {
        List<String> undocumented = new ArrayList<>();
        for (Class<? extends SpecificRecord> type : CarbonTopics.valueTypes(names).values()) {
            Schema schema = SpecificData.get().getSchema(type);
            assertThat(schema.getDoc()).as("doc of %s", type.getSimpleName()).isNotBlank();
            collectUndocumented(schema, undocumented);
        }

        assertThat(undocumented).isEmpty();
    }

    @Test
    void shouldShareOneSerdePerValueTypeAndUseTopicNames() {
        CarbonTopics topics = new CarbonTopics(new TopicNames("lab"), new InMemorySchemaRegistryClient());

        assertThat(topics.samples().name()).isEqualTo("lab.energy.samples");
        assertThat(topics.teamWindows().valueSerde()).isSameAs(topics.modelWindows().valueSerde());
        assertThat(topics.valueSerde(EmissionsWindow.class)).isSameAs(topics.teamHourly().valueSerde());
        assertThat(topics.valueSerde(EnergySample.class)).isSameAs(topics.samples().valueSerde());
        assertThat(Map.of("k", topics.samples().keySerde().deserializer().deserialize("t", "pod-1".getBytes())))
                .containsEntry("k", "pod-1");
    }

    private static void collectUndocumented(Schema schema, List<String> undocumented) {
        switch (schema.getType()) {
            case RECORD -> schema.getFields().forEach(field -> {
                if (field.doc() == null || field.doc().isBlank()) {
                    undocumented.add(schema.getName() + "." + field.name());
                }
                collectUndocumented(field.schema(), undocumented);
            });
            case ARRAY -> collectUndocumented(schema.getElementType(), undocumented);
            case MAP -> collectUndocumented(schema.getValueType(), undocumented);
            case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, undocumented));
            default -> { }
        }
    }
}
