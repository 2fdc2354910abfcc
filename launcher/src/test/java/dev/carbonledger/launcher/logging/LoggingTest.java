package dev.carbonledger.launcher.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** CARBON_LEDGER_LOG_LEVEL, CARBON_LEDGER_LOG_FORMAT and CARBON_LEDGER_LOG_LEVELS, through the CLI's slf4j backend. */
class LoggingTest {
    private static final Instant T = Instant.parse("2026-11-30T17:31:02.123Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private CliLoggerFactory factory(Map<String, String> env) {
        return new CliLoggerFactory(LogSettings.fromEnvironment(env), new PrintStream(bytes, true, StandardCharsets.UTF_8),
                Clock.fixed(T, ZoneOffset.UTC));
    }

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void shouldWriteOneParseableJsonObjectPerLineWithEscapesAndTheException() throws Exception {
        Logger logger = factory(Map.of("CARBON_LEDGER_LOG_FORMAT", "json")).getLogger("dev.carbonledger.streams.AccountingApp");

        logger.info("event=state_change to={} note=\"{}\"", "RUNNING", "tab\there\nnew line \\ \u0001");
        logger.error("event=accounting_failed", new IllegalStateException("boom \"quoted\""));

        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("ts").asText()).isEqualTo("2026-11-30T17:31:02.123Z");
        assertThat(Instant.parse(first.get("ts").asText())).isEqualTo(T);
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("logger").asText()).isEqualTo("dev.carbonledger.streams.AccountingApp");
        assertThat(first.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(first.get("message").asText()).isEqualTo("event=state_change to=RUNNING note=\"tab\there\nnew line \\ \u0001\"");
        assertThat(first.has("exception")).isFalse();
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.get("level").asText()).isEqualTo("ERROR");
        assertThat(second.get("exception").asText()).startsWith("java.lang.IllegalStateException: boom \"quoted\"")
                .contains("\tat dev.carbonledger.launcher.logging.LoggingTest");
    }

    @Test
    void shouldWriteTextWithAFullUtcDateByDefault() {
        Logger logger = factory(Map.of()).getLogger("dev.carbonledger.launcher.runtime.Services");

        logger.info("stopped service={} tookMs={}", "accounting", 12);

        assertThat(lines()).containsExactly("2026-11-30T17:31:02.123Z INFO  [" + Thread.currentThread().getName()
                + "] Services - stopped service=accounting tookMs=12");
    }

    @Test
    void shouldFilterByTheConfiguredLevel() {
        CliLoggerFactory quiet = factory(Map.of("CARBON_LEDGER_LOG_LEVEL", "warn"));
        Logger logger = quiet.getLogger("dev.carbonledger.collectors.Collector");

        logger.info("not shown");
        logger.debug("not shown either");
        logger.warn("shown");

        assertThat(lines()).hasSize(1).allMatch(l -> l.endsWith("Collector - shown"));
        assertThat(logger.isInfoEnabled()).isFalse();
    }

    @Test
    void shouldKeepKafkaQuietBelowWarnUnlessNamedInLogLevels() {
        LogSettings debug = LogSettings.fromEnvironment(Map.of("CARBON_LEDGER_LOG_LEVEL", "debug"));
        assertThat(debug.levelOf("dev.carbonledger.streams.AccountingApp")).isEqualTo(LogLevel.DEBUG);
        assertThat(debug.levelOf("org.apache.kafka.clients.producer.KafkaProducer")).isEqualTo(LogLevel.WARN);
        assertThat(debug.levelOf("org.apache.kafka.clients.NetworkClient")).isEqualTo(LogLevel.ERROR);

        LogSettings kafkaDebug = LogSettings.fromEnvironment(Map.of("CARBON_LEDGER_LOG_LEVELS",
                "org.apache.kafka=debug, dev.carbonledger.streams=error"));
        assertThat(kafkaDebug.levelOf("org.apache.kafka.clients.NetworkClient")).isEqualTo(LogLevel.DEBUG);
        assertThat(kafkaDebug.levelOf("dev.carbonledger.streams.AccountingApp")).isEqualTo(LogLevel.ERROR);
        assertThat(kafkaDebug.levelOf("dev.carbonledger.sinks.X")).isEqualTo(LogLevel.INFO);
    }

    @Test
    void shouldRejectBadValuesNamingEveryOne() {
        assertThatThrownBy(() -> LogSettings.fromEnvironment(Map.of("CARBON_LEDGER_LOG_LEVEL", "loud",
                "CARBON_LEDGER_LOG_FORMAT", "xml", "CARBON_LEDGER_LOG_LEVELS", "kafka")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CARBON_LEDGER_LOG_LEVEL: 'loud' is not a level")
                .hasMessageContaining("CARBON_LEDGER_LOG_FORMAT: must be text or json, was 'xml'")
                .hasMessageContaining("CARBON_LEDGER_LOG_LEVELS: 'kafka' is not logger=level");
    }
}
