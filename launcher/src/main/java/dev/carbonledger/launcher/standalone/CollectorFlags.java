package dev.carbonledger.launcher.standalone;

import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.config.CollectorSetting;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The collector's command-line flags. Each one overrides its CARBON_LEDGER_COLLECTOR_* variable (flags win), so
 * an operator can check a node with a single command before deploying (DESIGN section 9).
 */
public final class CollectorFlags {
    @Option(names = "--dry-run", description = "Read the sources and print what would be published, as replay's "
            + "samples.jsonl and pods.jsonl rows (one JSON object a line) on stdout; no broker, no registry.")
    boolean dryRun;

    @Option(names = "--once", description = "With --dry-run: read the sources once and exit (else every energy interval).")
    boolean once;

    @Option(names = "--source", paramLabel = "KIND[,KIND...]",
            description = "Energy sources (ENERGY_SOURCES): demo, kepler, rapl, nvidia-smi, dcgm, scaphandre.")
    String source;

    @Option(names = "--node", paramLabel = "NODE", description = "This node's name (NODE_NAME).")
    String node;

    @Option(names = "--zone", paramLabel = "ZONE", description = "This node's grid zone (NODE_ZONE).")
    String zone;

    @Option(names = "--pod-source", paramLabel = "KIND", description = "kubernetes, none or auto (POD_SOURCE).")
    String podSource;

    @Option(names = "--kepler-url", paramLabel = "URL", description = "Kepler metrics URL (KEPLER_URL).")
    String keplerUrl;

    @Option(names = "--dcgm-url", paramLabel = "URL", description = "dcgm-exporter metrics URL (DCGM_URL).")
    String dcgmUrl;

    @Option(names = "--scaphandre-url", paramLabel = "URL", description = "Scaphandre metrics URL (SCAPHANDRE_URL).")
    String scaphandreUrl;

    @Option(names = "--rapl-root", paramLabel = "DIR", description = "powercap sysfs root (RAPL_ROOT).")
    String raplRoot;

    @Option(names = "--cgroup-root", paramLabel = "DIR", description = "cgroup v2 root (CGROUP_ROOT).")
    String cgroupRoot;

    @Option(names = "--k8s-api-url", paramLabel = "URL", description = "Kubernetes API server URL (K8S_API_URL).")
    String k8sApiUrl;

    /** The collector's settings from {@code environment}, with every given flag in place of its variable. */
    public CollectorConfig config(Map<String, String> environment) {
        if (once && !dryRun) {
            throw new IllegalArgumentException("--once needs --dry-run (the collector publishes continuously)");
        }
        Map<String, String> env = new HashMap<>(environment);
        set(env, CollectorSetting.ENERGY_SOURCES, source);
        set(env, CollectorSetting.NODE_NAME, node);
        set(env, CollectorSetting.NODE_ZONE, zone);
        set(env, CollectorSetting.POD_SOURCE, podSource);
        set(env, CollectorSetting.KEPLER_URL, keplerUrl);
        set(env, CollectorSetting.DCGM_URL, dcgmUrl);
        set(env, CollectorSetting.SCAPHANDRE_URL, scaphandreUrl);
        set(env, CollectorSetting.RAPL_ROOT, raplRoot);
        set(env, CollectorSetting.CGROUP_ROOT, cgroupRoot);
        set(env, CollectorSetting.K8S_API_URL, k8sApiUrl);
        return CollectorConfig.fromEnv(env);
    }

    private static void set(Map<String, String> env, CollectorSetting setting, String value) {
        if (value != null) {
            env.put(setting.envName(), value);
        }
    }
}
