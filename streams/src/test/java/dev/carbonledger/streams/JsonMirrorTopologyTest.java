package dev.carbonledger.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.PolicyKind;
import dev.carbonledger.avro.PolicyVerdict;
import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.streams.testing.InMemoryRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class JsonMirrorTopologyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant WALL_CLOCK = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final TopicNames TOPICS = TopicNames.defaults();

    private final AccountingSerdes serdes = AccountingSerdes.avro(new InMemoryRegistry());
    private final AccountingOptions options = AccountingOptions.builder().grace(AccountingOptions.NEVER)
            .seriesIdleExpiry(AccountingOptions.NEVER).jsonMirrors(true).build();

    private TopologyTestDriver driver() {
        Properties kafka = new Properties();
        kafka.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        Properties props = AccountingApp.streamsProperties(options, kafka, "mirror-test", Path.of("target", "ttd-mirror"),
                1, Duration.ofMillis(100), new AccountingMetrics());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        return new TopologyTestDriver(AccountingTopology.build(options, serdes), props, WALL_CLOCK);
    }

    private static TestOutputTopic<String, String> mirror(TopologyTestDriver d, String topic) {
        return d.createOutputTopic(TOPICS.jsonMirror(topic), new StringDeserializer(), new StringDeserializer());
    }

    private static Map<String, JsonNode> lastPerKey(TestOutputTopic<String, String> topic) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (KeyValue<String, String> kv : topic.readKeyValuesToList()) {
            out.put(kv.key, kv.value == null ? null : JSON.readTree(kv.value));
        }
        return out;
    }

    private void sample(TopologyTestDriver d, Instant ts, double joules) {
        d.createInputTopic(TOPICS.samples(), new StringSerializer(), serdes.samples().serializer())
                .pipeInput(new TestRecord<>("p1", new EnergySample("p1", "package", "n1", ts, joules, "test"), ts));
    }

    @Test
    void shouldMirrorTeamAndModelWindowsAsFlatJsonWithTheSameKeys() throws Exception {
        try (TopologyTestDriver d = driver()) {
            d.createInputTopic(TOPICS.pods(), new StringSerializer(), serdes.pods().serializer())
                    .pipeInput("p1", new PodMetadata("p1", "ns", "p1-name", null, "research", "llama-70b", null, Map.of()));
            sample(d, T0, 0);
            sample(d, T0.plusSeconds(10), 3.6e6);
            d.advanceWallClockTime(options.flushInterval().plusMillis(1));

            String key = "research@" + T0.toEpochMilli();
            Map<String, EmissionsWindow> avro = new LinkedHashMap<>();
            d.createOutputTopic(TOPICS.teamWindows(), new StringDeserializer(), serdes.windows().deserializer())
                    .readKeyValuesToList().forEach(kv -> avro.put(kv.key, kv.value));
            Map<String, JsonNode> team = lastPerKey(mirror(d, TOPICS.teamWindows()));
            assertThat(team.keySet()).isEqualTo(avro.keySet()).containsOnly(key);
            JsonNode w = team.get(key);
            assertThat(w.get("dimension").asText()).isEqualTo("team");
            assertThat(w.get("group").asText()).isEqualTo("research");
            assertThat(w.get("windowStart").asText()).isEqualTo("2026-05-01T10:00:00Z");
            assertThat(w.get("windowEnd").asText()).isEqualTo("2026-05-01T10:01:00Z");
            assertThat(w.get("energyJoules").isNumber()).isTrue();
            assertThat(w.get("energyJoules").asDouble()).isEqualTo(avro.get(key).getEnergyJoules()).isEqualTo(3.6e6);
            assertThat(w.get("co2eGrams").asDouble()).isEqualTo(475.0);
            assertThat(w.get("final").isBoolean()).isTrue();
            assertThat(lastPerKey(mirror(d, TOPICS.modelWindows())).get("llama-70b@" + T0.toEpochMilli())
                    .get("group").asText()).isEqualTo("llama-70b");
            assertThat(lastPerKey(mirror(d, TOPICS.teamHourly()))).containsOnlyKeys(key);
        }
    }

    @Test
    void shouldMirrorSciWithNullForMissingRatio() throws Exception {
        try (TopologyTestDriver d = driver()) {
            TestInputTopic<String, SciWindow> sci = d.createInputTopic(TOPICS.sci(), new StringSerializer(),
                    serdes.sci().serializer());
            sci.pipeInput("m/request@1", new SciWindow("m", "request", T0, T0.plusSeconds(60), 10.0, 2.0, 0.5, 0.0,
                    null, true));

            JsonNode row = lastPerKey(mirror(d, TOPICS.sci())).get("m/request@1");
            assertThat(row.get("sciGramsPerUnit").isNull()).isTrue();
            assertThat(row.get("embodiedGrams").asDouble()).isEqualTo(0.5);
            assertThat(row.get("windowStart").asText()).isEqualTo("2026-05-01T10:00:00Z");
        }
    }

    @Test
    void shouldMirrorPolicyWithEnumsAsStringsMapsAsObjectsAndTombstonesAsTombstones() throws Exception {
        try (TopologyTestDriver d = driver()) {
            TestInputTopic<String, PolicyDecision> policy = d.createInputTopic(TOPICS.policy(),
                    new StringSerializer(), serdes.policy().serializer());
            policy.pipeInput("team:research", new PolicyDecision("team:research", PolicyKind.BUDGET_GATE,
                    PolicyVerdict.DENY, "hard budget exhausted", T0, T0.plusSeconds(3600), null, null, null, null,
                    null, "research", null, Map.of("fraction", "1.02")));
            policy.pipeInput("job:old", (PolicyDecision) null);

            List<KeyValue<String, String>> out = mirror(d, TOPICS.policy()).readKeyValuesToList();
            assertThat(out).hasSize(2);
            JsonNode gate = JSON.readTree(out.get(0).value);
            assertThat(out.get(0).key).isEqualTo("team:research");
            assertThat(gate.get("kind").asText()).isEqualTo("BUDGET_GATE");
            assertThat(gate.get("decision").asText()).isEqualTo("DENY");
            assertThat(gate.get("validUntil").asText()).isEqualTo("2026-05-01T11:00:00Z");
            assertThat(gate.get("zone").isNull()).isTrue();
            assertThat(gate.get("inputs").get("fraction").asText()).isEqualTo("1.02");
            assertThat(out.get(1)).isEqualTo(KeyValue.pair("job:old", null));
        }
    }

    @Test
    void shouldDeadLetterWhatCannotBeDecodedWithTheReason() {
        try (TopologyTestDriver d = driver()) {
            d.createInputTopic(TOPICS.budgetStatus(), new StringSerializer(), new StringSerializer())
                    .pipeInput("research", "not avro");

            assertThat(mirror(d, TOPICS.budgetStatus()).isEmpty()).isTrue();
            var dead = d.createOutputTopic(TOPICS.deadLetter(), new StringDeserializer(), new StringDeserializer())
                    .readRecordsToList();
            assertThat(dead).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("research");
                assertThat(new String(r.headers().lastHeader("__streams.errors.topic").value()))
                        .isEqualTo(TOPICS.budgetStatus());
                assertThat(new String(r.headers().lastHeader("__streams.errors.message").value())).isNotBlank();
            });
        }
    }

    @Test
    void shouldNameEveryMirrorNodeAndAddNothingWhenOff() {
        String described = AccountingTopology.build(options, serdes).describe().toString();
        assertThat(described).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
        for (JsonMirrorTopology.Mirror m : JsonMirrorTopology.mirrors(TOPICS, serdes)) {
            assertThat(described).contains(m.source(), m.encoder(), m.sink(), TOPICS.jsonMirror(m.topic()));
        }
        TopologyDescription off = AccountingTopology.build(AccountingOptions.defaults(), serdes).describe();
        assertThat(off.toString()).doesNotContain("json-mirror").doesNotContain(".json");
        assertThat(AccountingTopology.build(options, serdes).describe().subtopologies())
                .hasSize(off.subtopologies().size() + 6);
    }
}
