package dev.carbonledger.launcher.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.launcher.CommandLines;
import dev.carbonledger.launcher.CommandLines.Run;
import dev.carbonledger.registry.EmbeddedRegistryConfig;
import dev.carbonledger.registry.EmbeddedSchemaRegistry;
import dev.carbonledger.schemas.registry.RestSchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.KafkaBrokerExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code carbon-ledger compare-models} (and {@code topics create --json-mirrors}) on a real broker and a schema registry
 * reachable by URL, with known windows: superseded running values, windows outside the range, a late piece, SCI windows
 * in two units. Expected: big 4.1 kWh, 1875 g, SCI 1855 / 1500 g per request; small 1 kWh, 450 g, 460 / 9000.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompareModelsIT {
    private static final Instant T0 = Instant.parse("2026-11-30T06:00:00Z");
    private static final String FROM = "2026-11-30T06:00:00Z";
    private static final String TO = "2026-11-30T06:03:00Z";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private KafkaTestBroker kafka;
    private final TopicNames topics = new TopicNames("cmp-" + UUID.randomUUID().toString().substring(0, 8));
    private EmbeddedSchemaRegistry registry;
    private RestSchemaRegistryClient client;

    @BeforeAll
    void createTopicsAndProduceWindows() {
        kafka = KAFKA.broker();
        registry = EmbeddedSchemaRegistry.inMemory(EmbeddedRegistryConfig.ephemeral()).start();
        client = RestSchemaRegistryClient.of(registry.url());
        Run created = CommandLines.run(Map.of(), "topics", "create", "--bootstrap-servers", kafka.bootstrapServers(),
                "--topic-prefix", topics.prefix(), "--partitions", "2", "--json-mirrors");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).containsPattern(topics.prefix() + "\\.budget\\.status\\.json\\s+1\\s+1\\s+compact")
                .containsPattern(topics.prefix() + "\\.emissions\\.model\\.json\\s+2\\s+1\\s+delete");

        produce(topics.modelWindows(), EmissionsWindow.class, List.of(
                window("big", 0, 100, 1),               // running value, superseded
                window("big", 0, 7.2e6, 950),
                window("big", 1, 3.6e6, 475),
                window("big", 2, 3.6e6, 400),
                window("big", 3, 1e9, 1e6),             // ends after --to
                window("big", -1, 1e9, 1e6),            // before --from
                window("small", 0, 1.8e6, 200),
                window("small", 1, 1.8e6, 250),
                window("distil-old", 1, 1, 1)));
        produce(topics.late(), LateEmission.class, List.of(Map.entry("research@" + at(1).toEpochMilli(),
                new LateEmission("research", "big", at(1), at(2), 0.36e6, 50.0, at(5)))));
        produce(topics.sci(), SciWindow.class, List.of(
                sci("big", "request", 0, 950, 10, 1000),
                sci("big", "request", 1, 475, 10, 100),  // running value, superseded
                sci("big", "request", 1, 475, 10, 500),
                sci("big", "request", 2, 400, 10, 0),
                sci("big", "token", 0, 950, 10, 100_000),
                sci("small", "request", 0, 200, 5, 4000),
                sci("small", "request", 1, 250, 5, 5000)));
    }

    @AfterAll
    void stopRegistry() {
        client.close();
        registry.close();
    }

    private static Instant at(int minute) {
        return T0.plusSeconds(60L * minute);
    }

    private static Map.Entry<String, SpecificRecord> window(String model, int minute, double joules, double grams) {
        return Map.entry(model + "@" + at(minute).toEpochMilli(),
                new EmissionsWindow("model", model, at(minute), at(minute + 1), joules, grams, 1L, false));
    }

    private static Map.Entry<String, SpecificRecord> sci(String model, String unit, int minute, double op, double m,
                                                         double r) {
        return Map.entry(model + "/" + unit + "@" + at(minute).toEpochMilli(), new SciWindow(model, unit, at(minute),
                at(minute + 1), 0.0, op, m, r, r > 0 ? (op + m) / r : null, false));
    }

    /** Records stamped with a time inside their window, as the pipeline stamps them. */
    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> void produce(String topic, Class<V> type,
                                                    List<? extends Map.Entry<String, ? extends SpecificRecord>> records) {
        try (KafkaProducer<String, V> p = kafka.producer(new StringSerializer(),
                ConfluentAvroSerde.forValues(client, type).serializer())) {
            for (Map.Entry<String, ? extends SpecificRecord> r : records) {
                long ts = Long.parseLong(r.getKey().substring(r.getKey().lastIndexOf('@') + 1)) + 30_000;
                p.send(new ProducerRecord<>(topic, null, ts, r.getKey(), (V) r.getValue()));
            }
        }
    }

    private Run compare(String... args) {
        List<String> all = new ArrayList<>(List.of("compare-models"));
        all.addAll(Arrays.asList(args));
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url(),
                "--topic-prefix", topics.prefix()));
        return CommandLines.run(Map.of(), all.toArray(String[]::new));
    }

    @Test
    void shouldPrintTheModelsSideBySide() {
        Run run = compare("--models", "big,small", "--from", FROM, "--to", TO);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("\\n\\s+big\\s+small\\n")
                .containsPattern("windows\\s+3\\s+2\\n")
                .containsPattern("energy \\(kWh\\)\\s+4\\.1\\s+1\\n")
                .containsPattern("energy \\(J\\)\\s+14760000\\s+3600000\\n")
                .containsPattern("emissions E\\*I \\(g CO2e\\)\\s+1875\\s+450\\n")
                .containsPattern("embodied M \\(g CO2e\\)\\s+30\\s+10\\n")
                .containsPattern("R \\(request\\)\\s+1500\\s+9000\\n")
                .containsPattern("SCI \\(g CO2e/request\\)\\s+1\\.23667\\s+0\\.0511111\\n")
                .containsPattern("SCI \\(g CO2e/token\\)\\s+0\\.0096\\s+-\\n");
    }

    @Test
    void shouldWriteTheSameNumbersAsCsv() {
        Run run = compare("--models", "small,big", "--from", FROM, "--to", TO, "--format", "csv");

        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, String[]> rows = new HashMap<>();
        run.out().lines().forEach(l -> rows.put(l.split(",", -1)[0], l.split(",", -1)));
        assertThat(rows.get("metric")).containsExactly("metric", "small", "big");
        assertThat(Double.parseDouble(rows.get("energy_joules")[2])).isEqualTo(1.476e7);
        assertThat(Double.parseDouble(rows.get("emissions_grams")[1])).isEqualTo(450.0);
        assertThat(Double.parseDouble(rows.get("sci_grams_per_request")[2])).isCloseTo(1855 / 1500.0, within(1e-12));
        assertThat(Double.parseDouble(rows.get("sci_grams_per_request")[1])).isCloseTo(460 / 9000.0, within(1e-12));
        assertThat(rows.get("sci_grams_per_token")[1]).isEmpty();
    }

    @Test
    void shouldWriteJson() throws Exception {
        Run run = compare("--models", "big", "--from", FROM, "--to", TO, "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode big = JSON.readTree(run.out()).get("models").get(0);
        assertThat(big.get("energyKwh").doubleValue()).isCloseTo(4.1, within(1e-12));
        assertThat(big.get("units").get(0).get("unit").asText()).isEqualTo("request");
        assertThat(big.get("units").get(0).get("functionalUnits").doubleValue()).isEqualTo(1500.0);
    }

    @Test
    void shouldListTheKnownModelsForAnUnknownOne() {
        Run run = compare("--models", "big,gpt-9", "--from", FROM, "--to", TO);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no windows in [2026-11-30T06:00:00Z, 2026-11-30T06:03:00Z) for gpt-9")
                .contains("models with windows in the range: big, distil-old, small");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldFailClearlyWhenTheRangeHoldsNothing() {
        Run run = compare("--models", "big", "--from", "2020-01-01T00:00:00Z", "--to", "2020-01-02T00:00:00Z");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no model has windows on " + topics.modelWindows());
    }

    @Test
    void shouldFailClearlyWhenKafkaIsUnreachable() {
        Run run = CommandLines.run(Map.of(), "compare-models", "--models", "big", "--from", "-1h",
                "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url", registry.url(), "--timeout", "3s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach Kafka at 127.0.0.1:1").doesNotContain("\tat ");
    }

    @Test
    void shouldRefuseToStartStreamsWithMirrorsWhoseTopicsAreMissing() {
        Run run = CommandLines.run(Map.of("CARBON_LEDGER_JSON_MIRRORS", "true"), "streams",
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "no-mirrors-here",
                "--schema-registry-url", registry.url(), "--state-dir", "target/unused-streams-state");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("--json-mirrors needs topics that do not exist: no-mirrors-here.emissions.team.json")
                .contains("carbon-ledger topics create --json-mirrors");
    }
}
