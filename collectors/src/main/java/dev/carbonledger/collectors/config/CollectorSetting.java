package dev.carbonledger.collectors.config;

/**
 * Every collector setting, its environment variable ({@value CollectorConfig#ENV_PREFIX} + name) and default.
 * An empty default means unset.
 */
public enum CollectorSetting {
    BOOTSTRAP_SERVERS("localhost:9092", "Kafka bootstrap servers"),
    TOPIC_PREFIX("carbon", "prefix of every topic name"),
    SCHEMA_REGISTRY_URL("", "schema registry base URL (Confluent REST API); read by the launcher"),
    NODE_NAME("", "this node's Kubernetes name (set from the downward API spec.nodeName); needed by kepler, rapl, "
            + "nvidia-smi, dcgm, scaphandre and the Kubernetes pod source"),
    NODE_ZONE("", "grid zone of this node; when set, a NodeInfo record is published for NODE_NAME"),
    NODE_PUE("", "PUE of this node's data centre (>= 1.0); empty means the pipeline's default"),
    ENERGY_SOURCES("kepler", "comma-separated: demo, kepler, rapl, nvidia-smi, dcgm, scaphandre"),
    POD_SOURCE("auto", "kubernetes, none, or auto (kubernetes unless every energy source is demo)"),
    INTENSITY_PROVIDERS("auto", "comma-separated: demo, electricitymaps, watttime, ukci, casdk, file; "
            + "auto means demo when ENERGY_SOURCES contains demo, else none"),
    INTENSITY_FORECASTS("true", "also fetch forecasts where a provider needs a separate call (ukci, electricitymaps)"),
    INTENSITY_ZONES("", "comma-separated zones to ask the providers for; defaults to NODE_ZONE"),
    ENERGY_INTERVAL("5s", "energy poll interval"),
    POD_INTERVAL("30s", "pod metadata poll interval"),
    NODE_INTERVAL("10m", "node info republish interval"),
    INTENSITY_INTERVAL("5m", "intensity poll interval"),
    POD_TOMBSTONES("false", "publish a tombstone on the pods topic when a pod disappears"),
    STATE_FILE("", "file keeping the energy counters across collector restarts (a hostPath or emptyDir); empty: "
            + "counters start fresh at every start"),
    BUFFER_SAMPLES("50000", "energy readings kept in memory while Kafka is unreachable; beyond it, readings of a "
            + "series are merged into its latest (resolution is lost, energy is not)"),
    HTTP_TIMEOUT("10s", "timeout of every HTTP request to an exporter, the API server or a provider"),
    DEMO_SEED("42", "seed of the simulated fleet"),
    KEPLER_URL("http://localhost:9102/metrics", "Kepler exporter metrics URL"),
    RAPL_ROOT("/sys/class/powercap", "powercap sysfs root"),
    CGROUP_ROOT("/sys/fs/cgroup", "cgroup v2 root (mount the host's /sys/fs/cgroup read-only)"),
    NVIDIA_SMI_COMMAND("nvidia-smi", "path of the nvidia-smi binary"),
    PROC_ROOT("/proc", "host /proc, to map GPU processes to pods (nvidia-smi; needs hostPID)"),
    DCGM_URL("http://localhost:9400/metrics", "dcgm-exporter metrics URL"),
    SCAPHANDRE_URL("http://localhost:8080/metrics", "Scaphandre Prometheus exporter metrics URL (run it with --containers)"),
    K8S_API_URL("https://kubernetes.default.svc", "Kubernetes API server URL"),
    K8S_TOKEN_FILE("/var/run/secrets/kubernetes.io/serviceaccount/token", "service account bearer token file"),
    K8S_CA_FILE("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt", "CA certificate of the API server (PEM)"),
    TEAM_LABELS("carbon-ledger.dev/team,team", "pod label keys giving the team, first present wins"),
    MODEL_LABELS("carbon-ledger.dev/model,model", "pod label keys giving the model, first present wins"),
    WORKLOAD_CLASS_LABELS("carbon-ledger.dev/workload-class", "pod label keys giving the workload class"),
    ELECTRICITYMAPS_URL("https://api.electricitymap.org", "Electricity Maps API base URL"),
    ELECTRICITYMAPS_TOKEN("", "Electricity Maps auth-token (required for electricitymaps)"),
    WATTTIME_URL("https://api.watttime.org", "WattTime API base URL"),
    WATTTIME_USERNAME("", "WattTime user (required for watttime)"),
    WATTTIME_PASSWORD("", "WattTime password (required for watttime)"),
    WATTTIME_SIGNAL("co2_moer", "WattTime signal type"),
    UKCI_URL("https://api.carbonintensity.org.uk", "UK Carbon Intensity API base URL"),
    UKCI_ZONE("GB", "zone name given to UK Carbon Intensity records"),
    CASDK_URL("", "Carbon Aware SDK WebAPI base URL (required for casdk)"),
    CASDK_SIGNAL("marginal", "signal of the Carbon Aware SDK's data (its WebAPI, or a file in its JSON shape): marginal or average"),
    INTENSITY_FILE("", "intensity file (required for file): JSON Lines as replay's intensity.jsonl, CSV, or the Carbon Aware SDK's JSON array"),
    FUNCTIONAL_UNITS("", "Prometheus counters of functional units (the R of SCI), polled with energy: "
            + "targets separated by ';', each url=URL,metric=NAME,(model_label=LABEL|model=MODEL),unit=UNIT[,match.LABEL=VALUE] (docs/sci.md)");

    private final String defaultValue;
    private final String description;

    CollectorSetting(String defaultValue, String description) {
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String envName() {
        return CollectorConfig.ENV_PREFIX + name();
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }
}
