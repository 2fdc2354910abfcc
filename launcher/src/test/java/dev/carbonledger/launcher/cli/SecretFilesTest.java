package dev.carbonledger.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.config.CollectorSetting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code *_FILE} variants: a mounted Secret's content stands for the value, its trailing newline removed. */
class SecretFilesTest {
    @TempDir
    Path dir;

    @Command(name = "probe")
    static final class Probe {
        @Option(names = "--bootstrap-servers", defaultValue = "127.0.0.1:9092")
        String bootstrap;

        @Option(names = "--metrics-username")
        String user;
    }

    @Test
    void shouldReadAnyLauncherOptionFromItsFileVariable() throws Exception {
        Path file = Files.writeString(dir.resolve("user"), "scraper\n");
        Probe probe = new Probe();
        CommandLine cl = new CommandLine(probe);
        cl.setDefaultValueProvider(new EnvironmentDefaults(Map.of("CARBON_LEDGER_METRICS_USERNAME_FILE", file.toString())));

        cl.parseArgs();

        assertThat(probe.user).isEqualTo("scraper");
        assertThat(probe.bootstrap).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void shouldGiveTheCollectorItsProviderSecretsFromFiles() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "em-token-123\r\n");
        Path password = Files.writeString(dir.resolve("password"), "p@ss word\n");
        Map<String, String> env = Map.of(
                "CARBON_LEDGER_COLLECTOR_ENERGY_SOURCES", "demo",
                "CARBON_LEDGER_COLLECTOR_INTENSITY_PROVIDERS", "electricitymaps,watttime",
                "CARBON_LEDGER_COLLECTOR_INTENSITY_ZONES", "DE",
                "CARBON_LEDGER_COLLECTOR_ELECTRICITYMAPS_TOKEN_FILE", token.toString(),
                "CARBON_LEDGER_COLLECTOR_WATTTIME_USERNAME", "ledger",
                "CARBON_LEDGER_COLLECTOR_WATTTIME_PASSWORD_FILE", password.toString());

        CollectorConfig config = CollectorConfig.fromEnv(SecretFiles.resolve(env, CollectorConfig.ENV_PREFIX, SecretFiles.COLLECTOR_SECRETS));

        assertThat(config.get(CollectorSetting.ELECTRICITYMAPS_TOKEN)).isEqualTo("em-token-123");
        assertThat(config.get(CollectorSetting.WATTTIME_PASSWORD)).isEqualTo("p@ss word");
        assertThat(config.get(CollectorSetting.WATTTIME_USERNAME)).isEqualTo("ledger");
    }

    @Test
    void shouldRefuseBothFormsAndNameAnUnreadableFile() {
        assertThatThrownBy(() -> SecretFiles.resolve(Map.of("CARBON_LEDGER_COLLECTOR_ELECTRICITYMAPS_TOKEN", "a",
                "CARBON_LEDGER_COLLECTOR_ELECTRICITYMAPS_TOKEN_FILE", "/x"), CollectorConfig.ENV_PREFIX, SecretFiles.COLLECTOR_SECRETS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set one");
        assertThatThrownBy(() -> SecretFiles.resolve(Map.of("CARBON_LEDGER_COLLECTOR_WATTTIME_PASSWORD_FILE",
                dir.resolve("missing").toString()), CollectorConfig.ENV_PREFIX, SecretFiles.COLLECTOR_SECRETS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CARBON_LEDGER_COLLECTOR_WATTTIME_PASSWORD_FILE: cannot read");
    }
}
