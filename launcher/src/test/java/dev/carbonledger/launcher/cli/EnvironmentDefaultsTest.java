package dev.carbonledger.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class EnvironmentDefaultsTest {

    @Command(name = "probe")
    static final class Probe {
        @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092")
        String bootstrap;

        @Option(names = "--window", defaultValue = "60s", converter = DurationConverter.class)
        Duration window;
    }

    @Test
    void shouldNameTheVariableAfterTheLongOption() {
        assertThat(EnvironmentDefaults.variableFor("--bootstrap-servers")).isEqualTo("CARBON_LEDGER_BOOTSTRAP_SERVERS");
        assertThat(EnvironmentDefaults.variableFor("--window")).isEqualTo("CARBON_LEDGER_WINDOW");
    }

    @Test
    void shouldTakeTheEnvironmentWhenTheOptionIsNotGiven() {
        Probe probe = parse(Map.of("CARBON_LEDGER_BOOTSTRAP_SERVERS", "kafka:9092", "CARBON_LEDGER_WINDOW", "5m"));

        assertThat(probe.bootstrap).isEqualTo("kafka:9092");
        assertThat(probe.window).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldPreferTheCommandLineOverTheEnvironment() {
        Probe probe = parse(Map.of("CARBON_LEDGER_BOOTSTRAP_SERVERS", "kafka:9092"), "--bootstrap-servers", "other:1");

        assertThat(probe.bootstrap).isEqualTo("other:1");
    }

    @Test
    void shouldFallBackToTheOptionDefault() {
        Probe probe = parse(Map.of("UNRELATED", "x"));

        assertThat(probe.bootstrap).isEqualTo("127.0.0.1:9092");
        assertThat(probe.window).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldParseOperatorDurations() {
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationConverter.parse("PT90S")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> DurationConverter.parse("soon"))
                .hasMessageContaining("'soon' is not a duration");
    }

    private static Probe parse(Map<String, String> env, String... args) {
        Probe probe = new Probe();
        CommandLine cl = new CommandLine(probe);
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        cl.parseArgs(args);
        return probe;
    }
}
