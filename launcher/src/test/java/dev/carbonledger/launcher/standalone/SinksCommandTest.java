package dev.carbonledger.launcher.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.launcher.cli.EnvironmentDefaults;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The exporter's series bound and retirement settings of {@code carbon-ledger sinks}: defaults, environment, flags. */
class SinksCommandTest {

    private static SinksCommand parse(Map<String, String> env, String... args) {
        SinksCommand command = new SinksCommand();
        CommandLine cl = new CommandLine(command);
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        cl.parseArgs(args);
        return command;
    }

    @Test
    void shouldBoundTenThousandSeriesAndRetireAfterAnHourByDefault() {
        SinksCommand command = parse(Map.of());

        assertThat(command.maxEmissionSeries).isEqualTo(10_000);
        assertThat(command.seriesRetireAfter).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldTakeTheSettingsFromTheEnvironmentAndTheFlagsFirst() {
        Map<String, String> env = Map.of("CARBON_LEDGER_MAX_EMISSION_SERIES", "500",
                "CARBON_LEDGER_SERIES_RETIRE_AFTER", "30m");

        SinksCommand fromEnv = parse(env);
        SinksCommand fromFlags = parse(env, "--max-emission-series", "20", "--series-retire-after", "0s");

        assertThat(fromEnv.maxEmissionSeries).isEqualTo(500);
        assertThat(fromEnv.seriesRetireAfter).isEqualTo(Duration.ofMinutes(30));
        assertThat(fromFlags.maxEmissionSeries).isEqualTo(20);
        assertThat(fromFlags.seriesRetireAfter).isZero();
    }
}
