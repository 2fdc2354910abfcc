package dev.carbonledger.launcher.e2e;

import static dev.carbonledger.testsupport.EnergySamples.aSample;
import static dev.carbonledger.testsupport.Intensities.anIntensity;
import static dev.carbonledger.testsupport.Nodes.aNode;
import static dev.carbonledger.testsupport.Pods.aPod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.schemas.registry.InMemorySchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroDeserializer;
import dev.carbonledger.schemas.serde.ConfluentAvroSerializer;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.schemas.topics.TopicSpec;
import dev.carbonledger.sinks.alertmanager.AlertmanagerForwarder;
import dev.carbonledger.sinks.alertmanager.ForwarderConfig;
import dev.carbonledger.sinks.prometheus.ExporterConfig;
import dev.carbonledger.sinks.prometheus.MetricsExporter;
import dev.carbonledger.streams.AccountingApp;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.AccountingSerdes;
import dev.carbonledger.testsupport.KafkaTestBroker;
import dev.carbonledger.testsupport.TestTime;
import dev.carbonledger.testsupport.WithKafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole observability path on real parts: the accounting topology on a real broker, the exporter, a real
 * Prometheus scraping it with the shipped rules, a real Alertmanager delivering to a local webhook. Checks that
 * Prometheus' {@code sum by (team)} equals the pipeline's own totals, that every Grafana panel query runs, that a
 * rule's alert reaches the webhook with its labels, and that the pipeline's own budget alert (a threshold of
 * ml-platform's hard budget, crossed in the topology) reaches the webhook through the Alertmanager forwarder with its
 * labels and a runbook link to a real section of deploy/RUNBOOK.md.
 */
@WithKafkaBroker
class PrometheusEndToEndIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String APP_ID = "carbon-ledger-accounting-e2e";
    private static final Instant T0 = TestTime.T0;

    private final KafkaTestBroker broker;
    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final TopicNames topics = new TopicNames("e2e");

    PrometheusEndToEndIT(KafkaTestBroker broker) {
        this.broker = broker;
    }

    @Test
    void shouldShowThePipelinesTotalsInPrometheusRunEveryPanelQueryAndDeliverAnAlert(@TempDir Path dir)
            throws Exception {
        // The monitoring binaries first: without them the test is skipped before any work.
        MonitoringProcess.requireBinary("prometheus", "prometheus");
        MonitoringProcess.requireBinary("prometheus-alertmanager", "prometheus-alertmanager");
        Path repo = repositoryRoot();
        createTopics();

        // Given the pipeline has accounted some energy, ml-platform against a 5 g daily hard budget (it emits 6.4 g).
        // Windows never close here: the samples are from TestTime.T0, and budgets then follow event time only.
        publishReferenceData();
        send(topics.budgets(), Budget.class, Map.of("ml-platform", DomainRecords.budget(
                BudgetSpec.of("ml-platform", BudgetPeriod.DAY, 5, BudgetTier.HARD), "e2e", T0)));
        Map<String, Double> pipelineTotals;
        try (AccountingApp app = new AccountingApp(AccountingOptions.builder().topics(topics)
                .grace(AccountingOptions.NEVER).build(),
                AccountingSerdes.avro(registry), broker.bootstrapServers(), APP_ID, dir.resolve("streams-state"), 1,
                Duration.ofMillis(200))) {
            app.start();
            app.awaitRunning(WAIT);
            publishSamples();
            app.awaitDrained(WAIT);
            pipelineTotals = pipelineTotalsByTeam();
        }
        assertThat(pipelineTotals).containsOnlyKeys("ml-platform", "search", "unattributed")
                .allSatisfy((team, grams) -> assertThat(grams).isPositive());

        try (WebhookReceiver webhook = new WebhookReceiver();
                MetricsExporter exporter = new MetricsExporter(ExporterConfig.builder(broker.bootstrapServers())
                        .topics(topics).port(0).lagGroups(List.of(APP_ID)).refreshInterval(Duration.ofSeconds(1))
                        .build(), registry);
                // Alertmanager first: a notification right after a Prometheus config reload was once dropped.
                MonitoringProcess alertmanager = MonitoringProcess.alertmanager(dir, alertmanagerConfig(webhook.url()));
                AlertmanagerForwarder forwarder = new AlertmanagerForwarder(ForwarderConfig.builder(broker.bootstrapServers(),
                        List.of(alertmanager.url())).topics(topics).build(), registry)) {
            exporter.start();
            forwarder.start();
            Files.writeString(dir.resolve("e2e.rules.yml"), E2E_RULES);
            try (MonitoringProcess prometheus = MonitoringProcess.prometheus(dir,
                    prometheusConfig(repo, dir, exporter.url(), alertmanager.url()))) {

                // Then Prometheus sees exactly the pipeline's totals per team
                Map<String, Double> scraped;
                try {
                    scraped = await("sum by (team) in Prometheus has the pipeline's teams")
                            .atMost(WAIT).pollInterval(Duration.ofMillis(500))
                            .until(() -> vectorByLabel(query(prometheus, "sum by (team) (carbon_emissions_grams_total)"),
                                    "team"), v -> v.keySet().equals(pipelineTotals.keySet()));
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError(e.getMessage()
                            + "\nquery: " + query(prometheus, "sum by (team) (carbon_emissions_grams_total)")
                            + "\nexporter: " + HTTP.send(HttpRequest.newBuilder(exporter.url()).GET().build(),
                                    HttpResponse.BodyHandlers.ofString()).body()
                            + "\nscrape targets: " + get(prometheus, "/api/v1/targets")
                            + "\nprometheus output:\n" + prometheus.output(), e);
                }
                pipelineTotals.forEach((team, grams) ->
                        assertThat(scraped.get(team)).as("team %s", team).isCloseTo(grams, within(grams * 1e-9)));

                // And the dashboards' team and grid_zone variables list the pipeline's values (as Grafana's
                // label_values(metric, label) asks Prometheus: /api/v1/label/<label>/values?match[]=<metric>)
                Map<String, String> variables = dashboardVariableQueries(repo.resolve("deploy/grafana/dashboards"));
                assertThat(variables).containsOnlyKeys("team", "grid_zone");
                assertThat(labelValues(prometheus, "team", variables.get("team")))
                        .containsExactlyInAnyOrderElementsOf(pipelineTotals.keySet());
                assertThat(labelValues(prometheus, "grid_zone", variables.get("grid_zone"))).containsExactlyInAnyOrder("DE", "FR");

                // And every Grafana panel's PromQL executes, with the variables at "All" and at one value
                List<String> exprs = dashboardExpressions(repo.resolve("deploy/grafana/dashboards"));
                assertThat(exprs).hasSizeGreaterThanOrEqualTo(20);
                Map<String, String> failures = new TreeMap<>();
                for (String expr : exprs) {
                    for (Map<String, String> values : List.of(Map.of("team", ".*", "grid_zone", ".*"),
                            Map.of("team", "ml-platform", "grid_zone", "DE"))) {
                        String concrete = withVariables(expr, values);
                        JsonNode response = query(prometheus, concrete);
                        if (!"success".equals(response.path("status").asText())) {
                            failures.put(concrete, response.toString());
                        }
                    }
                }
                assertThat(failures).as("panel queries that failed on Prometheus").isEmpty();
                String filtered = withVariables("sum by (team) (carbon_emissions_grams_total{team=~\"$team\", "
                        + "grid_zone=~\"$grid_zone\"})", Map.of("team", "ml-platform", "grid_zone", "DE"));
                assertThat(exprs).anyMatch(e -> e.contains("carbon_emissions_grams_total{team=~\"$team\", grid_zone=~\"$grid_zone\"}"));
                assertThat(vectorByLabel(query(prometheus, filtered), "team")).containsOnlyKeys("ml-platform");

                // And the shipped rules loaded without errors
                JsonNode groups = get(prometheus, "/api/v1/rules").path("data").path("groups");
                List<String> groupNames = new ArrayList<>();
                groups.forEach(g -> {
                    groupNames.add(g.path("name").asText());
                    g.path("rules").forEach(r -> assertThat(r.path("health").asText())
                            .as("health of rule %s", r.path("name").asText()).isNotEqualTo("err"));
                });
                assertThat(groupNames).contains("carbon-ledger.recording", "carbon-ledger.pipeline",
                        "carbon-ledger.grid", "carbon-ledger.teams", "carbon-ledger.e2e");

                // And an alert fires through Alertmanager to the webhook, with its labels
                JsonNode alert = await("alert CarbonE2ETeamEmitting at the webhook").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> webhook.alerts().stream()
                                .filter(a -> "CarbonE2ETeamEmitting".equals(a.path("labels").path("alertname").asText()))
                                .findFirst().orElse(null), a -> a != null);
                assertThat(alert.path("status").asText()).isEqualTo("firing");
                assertThat(alert.path("labels").path("team").asText()).isEqualTo("ml-platform");
                assertThat(alert.path("labels").path("severity").asText()).isEqualTo("warning");
                assertThat(alert.path("annotations").path("summary").asText())
                        .isEqualTo("Team ml-platform has accounted emissions");

                // And the pipeline's budget alert reaches the webhook through the forwarder and Alertmanager
                JsonNode budget = await("budget alert CarbonBudgetThresholdCrossed (100 %) at the webhook").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> webhook.alerts().stream()
                                .filter(a -> "CarbonBudgetThresholdCrossed".equals(a.path("labels").path("alertname").asText())
                                        && "1.0".equals(a.path("labels").path("threshold").asText()))
                                .findFirst().orElse(null), a -> a != null);
                assertThat(budget.path("status").asText()).isEqualTo("firing");
                JsonNode labels = budget.path("labels");
                assertThat(labels.path("team").asText()).isEqualTo("ml-platform");
                assertThat(labels.path("tier").asText()).isEqualTo("hard");
                assertThat(labels.path("period").asText()).isEqualTo("day");
                assertThat(labels.path("severity").asText()).isEqualTo("warning");
                assertThat(budget.path("annotations").path("summary").asText())
                        .isEqualTo("Team ml-platform used 100% of its daily carbon budget");
                String runbook = budget.path("annotations").path("runbook_url").asText();
                assertThat(runbook).endsWith("deploy/RUNBOOK.md#carbonbudgetthresholdcrossed");
                assertThat(Files.readAllLines(repo.resolve("deploy/RUNBOOK.md")))
                        .as("every budget alert's runbook section exists")
                        .contains("## CarbonBudgetThresholdCrossed", "## CarbonBudgetFastBurn", "## CarbonBudgetSlowBurn");
            }
        }
    }

    private static final String E2E_RULES = String.join("\n",
            "groups:",
            "  - name: carbon-ledger.e2e",
            "    rules:",
            "      - alert: CarbonE2ETeamEmitting",
            "        expr: sum by (team) (carbon_emissions_grams_total{team=\"ml-platform\"}) > 0",
            "        labels:",
            "          severity: warning",
            "        annotations:",
            "          summary: \"Team {{ $labels.team }} has accounted emissions\"",
            "");

    private static String alertmanagerConfig(URI webhook) {
        return String.join("\n",
                "route:",
                "  receiver: webhook",
                "  group_by: ['...']",
                "  group_wait: 0s",
                "  group_interval: 1s",
                "  repeat_interval: 1h",
                "receivers:",
                "  - name: webhook",
                "    webhook_configs:",
                "      - url: " + webhook,
                "");
    }

    private static String prometheusConfig(Path repo, Path dir, URI exporter, URI alertmanager) {
        return String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                "  - " + repo.resolve("deploy/prometheus/rules") + "/*.rules.yml",
                "  - " + dir.resolve("e2e.rules.yml"),
                "alerting:",
                "  alertmanagers:",
                "    - static_configs:",
                "        - targets: ['" + alertmanager.getAuthority() + "']",
                "scrape_configs:",
                "  - job_name: carbon-ledger",
                "    static_configs:",
                "      - targets: ['" + exporter.getAuthority() + "']",
                "");
    }

    private void createTopics() throws Exception {
        List<NewTopic> all = new ArrayList<>();
        for (TopicSpec spec : topics.all(2)) {
            NewTopic topic = new NewTopic(spec.name(), spec.partitions(), (short) 1);
            if (spec.compacted()) {
                topic.configs(Map.of("cleanup.policy", "compact"));
            }
            all.add(topic);
        }
        broker.admin().createTopics(all).all().get(60, TimeUnit.SECONDS);
        await("topic metadata").atMost(WAIT).ignoreExceptions().until(() -> broker.admin()
                .describeTopics(all.stream().map(NewTopic::name).toList()).allTopicNames().get(5, TimeUnit.SECONDS)
                .size() == all.size());
    }

    private void publishReferenceData() {
        send(topics.nodes(), NodeInfo.class, Map.of(
                "node-de", aNode("node-de").zone("DE").pue(1.2).build(),
                "node-fr", aNode("node-fr").zone("FR").build()));
        send(topics.pods(), PodMetadata.class, Map.of(
                "pod-a", aPod("pod-a").namespace("training").name("llama-train-0").node("node-de").team("ml-platform")
                        .model("llama").build(),
                "pod-b", aPod("pod-b").namespace("serving").name("bert-0").node("node-fr").team("search")
                        .model("bert").build()));
        send(topics.intensity(), IntensityRecord.class, Map.of(
                "DE", anIntensity("DE").from(T0.minusSeconds(3600)).gCo2ePerKwh(400).build(),
                "FR", anIntensity("FR").from(T0.minusSeconds(3600)).gCo2ePerKwh(60).build()));
    }

    private void publishSamples() {
        var serializer = new ConfluentAvroSerializer<>(registry, EnergySample.class, false);
        try (KafkaProducer<String, EnergySample> producer = broker.producer(new StringSerializer(), serializer)) {
            for (int i = 0; i <= 12; i++) {
                Instant at = T0.plusSeconds(15L * i);
                producer.send(record("pod-a", aSample().forPod("pod-a").node("node-de").at(at).joules(4000.0 * i).build()));
                producer.send(record("pod-b", aSample().forPod("pod-b").node("node-fr").at(at).joules(1500.0 * i).build()));
                // pod-c has no metadata: attributed to team "unattributed".
                producer.send(record("pod-c", aSample().forPod("pod-c").node("node-de").at(at).joules(700.0 * i).build()));
            }
            producer.flush();
        }
    }

    private ProducerRecord<String, EnergySample> record(String key, EnergySample sample) {
        return new ProducerRecord<>(topics.samples(), key, sample);
    }

    private <T extends SpecificRecord> void send(String topic, Class<T> type, Map<String, T> records) {
        var serializer = new ConfluentAvroSerializer<>(registry, type, false);
        try (KafkaProducer<String, T> producer = broker.producer(new StringSerializer(), serializer)) {
            records.forEach((key, value) -> producer.send(new ProducerRecord<>(topic, key, value)));
            producer.flush();
        }
    }

    /** The streams app's own running totals (latest value per key of the totals topic), summed per team. */
    private Map<String, Double> pipelineTotalsByTeam() {
        Map<String, EmissionsTotal> latest = new HashMap<>();
        try (KafkaConsumer<String, EmissionsTotal> consumer = broker.consumer(new StringDeserializer(),
                new ConfluentAvroDeserializer<>(registry, EmissionsTotal.class),
                Map.of("isolation.level", "read_committed"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.totals()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await("totals topic read to its end").atMost(WAIT).until(() -> {
                for (ConsumerRecord<String, EmissionsTotal> r : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(r.key(), r.value());
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        Map<String, Double> byTeam = new TreeMap<>();
        latest.values().forEach(t -> byTeam.merge(t.getTeam(), t.getCo2eGrams(), Double::sum));
        return byTeam;
    }

    private static JsonNode query(MonitoringProcess prometheus, String expr) throws IOException, InterruptedException {
        return get(prometheus, "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    }

    private static JsonNode get(MonitoringProcess prometheus, String pathAndQuery)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheus.url() + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    private static Map<String, Double> vectorByLabel(JsonNode response, String label) {
        Map<String, Double> out = new TreeMap<>();
        response.path("data").path("result").forEach(r ->
                out.put(r.path("metric").path(label).asText(), Double.parseDouble(r.path("value").get(1).asText())));
        return out;
    }

    /** Grafana's substitution of {@code $name} / {@code ${name}} by a value (a regex, as the panels use {@code =~}). */
    private static String withVariables(String expr, Map<String, String> values) {
        String out = expr;
        for (Map.Entry<String, String> v : values.entrySet()) {
            out = out.replace("${" + v.getKey() + "}", v.getValue()).replace("$" + v.getKey(), v.getValue());
        }
        assertThat(out).as("every variable of %s is known", expr).doesNotContain("$");
        return out;
    }

    /** The query variables of the dashboards, name to metric of their {@code label_values(metric, name)}. */
    private static Map<String, String> dashboardVariableQueries(Path dashboards) throws IOException {
        Map<String, String> out = new TreeMap<>();
        java.util.regex.Pattern labelValues = java.util.regex.Pattern.compile("label_values\\((\\w+), *(\\w+)\\)");
        try (Stream<Path> files = Files.list(dashboards)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode v : JSON.readTree(file.toFile()).path("templating").path("list")) {
                    if ("query".equals(v.path("type").asText())) {
                        java.util.regex.Matcher m = labelValues.matcher(v.path("query").path("query").asText());
                        assertThat(m.matches()).as("variable %s in %s", v.path("name").asText(), file).isTrue();
                        assertThat(m.group(2)).isEqualTo(v.path("name").asText());
                        out.put(m.group(2), m.group(1));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> labelValues(MonitoringProcess prometheus, String label, String metric)
            throws IOException, InterruptedException {
        JsonNode response = get(prometheus, "/api/v1/label/" + label + "/values?match[]="
                + URLEncoder.encode(metric, StandardCharsets.UTF_8));
        assertThat(response.path("status").asText()).as("label values of %s: %s", label, response).isEqualTo("success");
        List<String> out = new ArrayList<>();
        response.path("data").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Every {@code expr} of every panel target in every dashboard JSON file. */
    private static List<String> dashboardExpressions(Path dashboards) throws IOException {
        List<String> exprs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dashboards)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = JSON.readTree(file.toFile());
                dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> {
                    String expr = target.path("expr").asText("");
                    assertThat(expr).as("expr of panel '%s' in %s", panel.path("title").asText(), file).isNotBlank();
                    exprs.add(expr);
                }));
            }
        }
        return exprs;
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/grafana/dashboards")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (with deploy/) above "
                + Path.of("").toAbsolutePath());
    }
}
