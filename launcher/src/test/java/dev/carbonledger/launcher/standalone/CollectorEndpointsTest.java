package dev.carbonledger.launcher.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.launcher.CarbonLedgerTestAccess;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * One story for the collector's connection settings: a flag wins, then CARBON_LEDGER_COLLECTOR_*, then
 * CARBON_LEDGER_*, then the default. (ComponentSettingsIT shows the collector's own variables acting on a real broker.)
 */
class CollectorEndpointsTest {
    private static CollectorCommand.Endpoints endpoints(Map<String, String> env, String... args) {
        CommandLine cl = CarbonLedgerTestAccess.commandLine(env);
        String[] all = new String[args.length + 1];
        all[0] = "collector";
        System.arraycopy(args, 0, all, 1, args.length);
        cl.parseArgs(all);
        CollectorCommand command = cl.getSubcommands().get("collector").getCommand();
        return command.endpoints(env);
    }

    @Test
    void shouldTakeTheCollectorsOwnVariablesOverTheSharedOnes() {
        CollectorCommand.Endpoints e = endpoints(Map.of(
                "CARBON_LEDGER_BOOTSTRAP_SERVERS", "shared:9092",
                "CARBON_LEDGER_COLLECTOR_BOOTSTRAP_SERVERS", "own:9092",
                "CARBON_LEDGER_COLLECTOR_TOPIC_PREFIX", "prod",
                "CARBON_LEDGER_COLLECTOR_SCHEMA_REGISTRY_URL", "https://registry:8081"));

        assertThat(e).isEqualTo(new CollectorCommand.Endpoints("own:9092", "prod", "https://registry:8081"));
    }

    @Test
    void shouldLetAFlagWinOverEveryVariable() {
        CollectorCommand.Endpoints e = endpoints(Map.of("CARBON_LEDGER_COLLECTOR_BOOTSTRAP_SERVERS", "own:9092",
                "CARBON_LEDGER_COLLECTOR_TOPIC_PREFIX", "prod"), "--bootstrap-servers", "flag:9092", "--topic-prefix", "cli");

        assertThat(e.bootstrapServers()).isEqualTo("flag:9092");
        assertThat(e.topicPrefix()).isEqualTo("cli");
    }

    @Test
    void shouldFallBackToTheSharedVariablesThenTheDefaults() {
        CollectorCommand.Endpoints e = endpoints(Map.of("CARBON_LEDGER_BOOTSTRAP_SERVERS", "shared:9092"));

        assertThat(e).isEqualTo(new CollectorCommand.Endpoints("shared:9092", "carbon", "http://127.0.0.1:8081"));
    }
}
