package dev.carbonledger.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicNamesMirrorsTest {
    private final TopicNames names = new TopicNames("acme");

    @Test
    void shouldMirrorRollupsBudgetStatusSciAndPolicyWithTheirPartitionsAndCleanup() {
        Map<String, TopicSpec> avro = names.all(6).stream().collect(Collectors.toMap(TopicSpec::name, Function.identity()));

        assertThat(names.jsonMirrors(6)).extracting(TopicSpec::name).containsExactlyInAnyOrder("acme.emissions.team.json",
                "acme.emissions.model.json", "acme.emissions.team.hourly.json", "acme.budget.status.json",
                "acme.sci.json", "acme.policy.json");
        for (TopicSpec mirror : names.jsonMirrors(6)) {
            TopicSpec source = avro.get(mirror.name().substring(0, mirror.name().length() - ".json".length()));
            assertThat(mirror.partitions()).isEqualTo(source.partitions());
            assertThat(mirror.compacted()).isEqualTo(source.compacted());
        }
        assertThat(avro.get("acme.budget.status").compacted()).isTrue();
    }

    @Test
    void shouldCreateMirrorsOnlyWhenSwitchedOn() {
        assertThat(names.all(4, false)).isEqualTo(names.all(4));
        assertThat(names.all(4, true)).hasSize(names.all(4).size() + 6).containsAll(names.jsonMirrors(4));
    }
}
