package dev.carbonledger.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.schemas.topics.TopicNames;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class JsonMirrorsOptionTest {
    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        AccountingCliOptions accounting;

        @Override
        public void run() {}
    }

    private static boolean mirrors(Map<String, String> environment, String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).setDefaultValueProvider(new EnvironmentDefaults(environment)).parseArgs(args);
        boolean flag = probe.accounting.jsonMirrors();
        assertThat(probe.accounting.toOptions(TopicNames.defaults()).jsonMirrors()).isEqualTo(flag);
        return flag;
    }

    @Test
    void shouldBeOffByDefaultAndOnFromTheFlagOrTheEnvironment() {
        assertThat(mirrors(Map.of())).isFalse();
        assertThat(mirrors(Map.of(), "--json-mirrors")).isTrue();
        assertThat(mirrors(Map.of("CARBON_LEDGER_JSON_MIRRORS", "true"))).isTrue();
        assertThat(mirrors(Map.of("CARBON_LEDGER_JSON_MIRRORS", "true"), "--no-json-mirrors")).isFalse();
    }
}
