package dev.carbonledger.launcher.replay;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import dev.carbonledger.schemas.topics.TopicNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Replay's output files (DESIGN section 5), read back from the rollup and budget topics once the topology is drained:
 * the final value of every (group, window), and with budgets the status per period and the crossed thresholds.
 */
public final class ReplayResults {
    public static final String TEAM_WINDOWS = "team_windows.jsonl";
    public static final String MODEL_WINDOWS = "model_windows.jsonl";
    public static final String BUDGET_STATUS = "budget_status.jsonl";
    public static final String BUDGET_ALERTS = "budget_alerts.jsonl";

    /** What was written: rows per file and the team rollup's totals. */
    public record Written(int teamRows, int modelRows, double teamJoules, double teamGrams, int budgetStatusRows,
                          int budgetAlertRows) {}

    private ReplayResults() {}

    /** Reads the topics to their ends and writes the output files into {@code output}. */
    public static Written write(Properties client, SchemaRegistryClient registry, TopicNames topics, Path output,
            boolean withBudgets) throws IOException {
        WindowResults teams = new WindowResults();
        WindowResults models = new WindowResults();
        TopicReader.readToEnd(client, topics.teamWindows(), deserializer(registry, EmissionsWindow.class), teams::accept);
        TopicReader.readToEnd(client, topics.modelWindows(), deserializer(registry, EmissionsWindow.class), models::accept);
        teams.write(output.resolve(TEAM_WINDOWS), "team");
        models.write(output.resolve(MODEL_WINDOWS), "model");
        int statusRows = 0;
        int alertRows = 0;
        if (withBudgets) {
            BudgetResults results = new BudgetResults();
            TopicReader.readToEnd(client, topics.budgetStatus(), deserializer(registry, BudgetStatus.class), results::status);
            TopicReader.readToEnd(client, topics.alerts(), deserializer(registry, AlertEvent.class), results::alert);
            results.writeStatus(output.resolve(BUDGET_STATUS));
            results.writeAlerts(output.resolve(BUDGET_ALERTS));
            statusRows = results.statusRows();
            alertRows = results.alertRows();
        }
        return new Written(teams.rows().size(), models.rows().size(), teams.totalJoules(), teams.totalGrams(),
                statusRows, alertRows);
    }

    /** Every committed record of a topic, from its beginning to its current end (tombstones skipped). */
    public static <V extends SpecificRecord> void readAll(Properties client, SchemaRegistryClient registry, String topic,
            Class<V> type, java.util.function.Consumer<V> sink) {
        TopicReader.readToEnd(client, topic, deserializer(registry, type), sink);
    }

    private static <T extends SpecificRecord> Deserializer<T> deserializer(SchemaRegistryClient registry, Class<T> type) {
        return new ConfluentAvroSerde<>(registry, type, false).deserializer();
    }
}
