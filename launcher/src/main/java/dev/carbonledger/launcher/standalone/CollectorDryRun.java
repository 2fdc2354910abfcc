package dev.carbonledger.launcher.standalone;

import dev.carbonledger.collectors.DryRun;
import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.config.CollectorSetting;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code carbon-ledger collector --dry-run [--once]} (DESIGN section 9): prints the rows the collector would
 * publish on stdout, logs on stderr. Exit code 0 when every source was read, 1 when one failed.
 */
final class CollectorDryRun {
    private static final Logger LOGGER = LoggerFactory.getLogger(CollectorDryRun.class);

    private CollectorDryRun() {}

    static int run(CollectorConfig config, boolean once, PrintWriter out) throws InterruptedException {
        try (DryRun dryRun = DryRun.create(outsideCluster(config), Clock.systemUTC())) {
            while (true) {
                DryRun.Poll poll = dryRun.pollOnce(out);
                out.flush();
                if (once) {
                    return poll.failures() == 0 ? 0 : 1;
                }
                TimeUnit.MILLISECONDS.sleep(config.energyInterval().toMillis());
            }
        }
    }

    /**
     * POD_SOURCE=auto outside a cluster (no service account token) means no pod source: an operator checking
     * an exporter from a laptop should not wait for an API server that is not there.
     */
    private static CollectorConfig outsideCluster(CollectorConfig config) {
        boolean auto = config.get(CollectorSetting.POD_SOURCE).equals("auto");
        if (auto && config.kubernetesPods() && !Files.isReadable(Path.of(config.get(CollectorSetting.K8S_TOKEN_FILE)))) {
            LOGGER.info("event=dry_run_no_pod_source reason=\"no service account token at {}\" "
                    + "hint=\"--pod-source kubernetes --k8s-api-url URL to read pods anyway\"",
                    config.get(CollectorSetting.K8S_TOKEN_FILE));
            return config.toBuilder().set(CollectorSetting.POD_SOURCE, "none").build();
        }
        return config;
    }
}
