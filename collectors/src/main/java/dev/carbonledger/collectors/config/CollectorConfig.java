package dev.carbonledger.collectors.config;

import dev.carbonledger.collectors.source.units.FunctionalUnitTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector's settings: immutable, validated when built, every error reported at once
 * ({@link CollectorConfigException}). Read from environment variables with the prefix {@value #ENV_PREFIX}
 * (see {@link CollectorSetting}); unknown variables under the prefix are rejected, except
 * {@code CARBON_LEDGER_COLLECTOR_KAFKA_*}, which pass through to the producer
 * ({@code ..._KAFKA_SASL_MECHANISM} becomes {@code sasl.mechanism}).
 */
public final class CollectorConfig {
    public static final String ENV_PREFIX = "CARBON_LEDGER_COLLECTOR_";
    public static final String KAFKA_PREFIX = ENV_PREFIX + "KAFKA_";
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Map<CollectorSetting, String> values;
    private final Map<String, String> kafkaProperties;
    private final List<EnergySourceKind> energySources;
    private final List<IntensityProviderKind> intensityProviders;
    private final boolean kubernetesPods;
    private final List<String> intensityZones;
    private final Duration energyInterval;
    private final Duration podInterval;
    private final Duration nodeInterval;
    private final Duration intensityInterval;
    private final Duration httpTimeout;
    private final Double nodePue;
    private final long demoSeed;
    private final int bufferSamples;
    private final boolean podTombstones;
    private final boolean intensityForecasts;
    private final List<FunctionalUnitTarget> functionalUnits;

    private CollectorConfig(Map<CollectorSetting, String> values, Map<String, String> kafkaProperties,
            List<String> errors) {
        this.values = values;
        this.kafkaProperties = Map.copyOf(kafkaProperties);
        this.energySources = kinds(CollectorSetting.ENERGY_SOURCES, EnergySourceKind::byId, errors);
        if (energySources.isEmpty() && errors.isEmpty()) {
            errors.add(CollectorSetting.ENERGY_SOURCES.envName() + " lists no energy source");
        }
        boolean demo = energySources.contains(EnergySourceKind.DEMO);
        boolean onlyDemo = demo && energySources.size() == 1;
        String providers = get(CollectorSetting.INTENSITY_PROVIDERS);
        this.intensityProviders = providers.equals("auto")
                ? (demo ? List.of(IntensityProviderKind.DEMO) : List.of())
                : kinds(CollectorSetting.INTENSITY_PROVIDERS, IntensityProviderKind::byId, errors);
        this.kubernetesPods = switch (get(CollectorSetting.POD_SOURCE)) {
            case "auto" -> !onlyDemo;
            case "kubernetes" -> true;
            case "none" -> false;
            default -> {
                errors.add(CollectorSetting.POD_SOURCE.envName() + " must be kubernetes, none or auto, got '"
                        + get(CollectorSetting.POD_SOURCE) + "'");
                yield false;
            }
        };
        List<String> zones = list(CollectorSetting.INTENSITY_ZONES);
        this.intensityZones = zones.isEmpty() ? nodeZone().map(List::of).orElse(List.of()) : zones;
        this.energyInterval = duration(CollectorSetting.ENERGY_INTERVAL, errors);
        this.podInterval = duration(CollectorSetting.POD_INTERVAL, errors);
        this.nodeInterval = duration(CollectorSetting.NODE_INTERVAL, errors);
        this.intensityInterval = duration(CollectorSetting.INTENSITY_INTERVAL, errors);
        this.httpTimeout = duration(CollectorSetting.HTTP_TIMEOUT, errors);
        this.nodePue = pue(errors);
        this.demoSeed = seed(errors);
        this.bufferSamples = bufferSamples(errors);
        this.podTombstones = bool(CollectorSetting.POD_TOMBSTONES, errors);
        this.intensityForecasts = bool(CollectorSetting.INTENSITY_FORECASTS, errors);
        String casdkSignal = get(CollectorSetting.CASDK_SIGNAL).toLowerCase(Locale.ROOT);
        if (!casdkSignal.equals("marginal") && !casdkSignal.equals("average")) {
            errors.add(CollectorSetting.CASDK_SIGNAL.envName() + " must be marginal or average, got '"
                    + get(CollectorSetting.CASDK_SIGNAL) + "'");
        }
        this.functionalUnits = FunctionalUnitTarget.parseAll(CollectorSetting.FUNCTIONAL_UNITS.envName(),
                get(CollectorSetting.FUNCTIONAL_UNITS), errors);
        checkRequired(errors);
        if (!errors.isEmpty()) {
            throw new CollectorConfigException(errors);
        }
    }

    /** Prometheus counters of functional units to scrape (empty: none). */
    public List<FunctionalUnitTarget> functionalUnits() {
        return functionalUnits;
    }

    /** Reads the settings from an environment (usually {@code System.getenv()}); other variables are ignored. */
    public static CollectorConfig fromEnv(Map<String, String> env) {
        Builder builder = builder();
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(ENV_PREFIX)) {
                continue;
            }
            if (name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length()) {
                builder.kafkaProperty(name.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                        e.getValue());
                continue;
            }
            String key = name.substring(ENV_PREFIX.length());
            Optional<CollectorSetting> setting = Arrays.stream(CollectorSetting.values())
                    .filter(s -> s.name().equals(key)).findFirst();
            if (setting.isPresent()) {
                builder.set(setting.get(), e.getValue());
            } else {
                errors.add("unknown setting " + name + " (known: " + ENV_PREFIX + "{"
                        + String.join(",", Arrays.stream(CollectorSetting.values()).map(Enum::name).toList())
                        + "} and " + KAFKA_PREFIX + "*)");
            }
        }
        return builder.build(errors);
    }

    /** Settings for the simulated fleet publishing to {@code bootstrapServers}: energy, pods, nodes, intensity. */
    public static CollectorConfig demo(String bootstrapServers) {
        return builder().set(CollectorSetting.BOOTSTRAP_SERVERS, bootstrapServers)
                .set(CollectorSetting.ENERGY_SOURCES, EnergySourceKind.DEMO.id()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        kafkaProperties.forEach(b::kafkaProperty);
        return b;
    }

    /** The raw value of a setting (the default when unset). */
    public String get(CollectorSetting setting) {
        return values.getOrDefault(setting, setting.defaultValue()).trim();
    }

    public Optional<String> optional(CollectorSetting setting) {
        String value = get(setting);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public String bootstrapServers() { return get(CollectorSetting.BOOTSTRAP_SERVERS); }
    public String topicPrefix() { return get(CollectorSetting.TOPIC_PREFIX); }
    public Optional<String> schemaRegistryUrl() { return optional(CollectorSetting.SCHEMA_REGISTRY_URL); }
    public Optional<String> nodeName() { return optional(CollectorSetting.NODE_NAME); }
    public Optional<String> nodeZone() { return optional(CollectorSetting.NODE_ZONE); }
    public Optional<Double> nodePue() { return Optional.ofNullable(nodePue); }
    public List<EnergySourceKind> energySources() { return energySources; }
    public List<IntensityProviderKind> intensityProviders() { return intensityProviders; }
    /** True when pod metadata comes from the Kubernetes API (the demo fleet publishes its own pods). */
    public boolean kubernetesPods() { return kubernetesPods; }
    public List<String> intensityZones() { return intensityZones; }
    public Duration energyInterval() { return energyInterval; }
    public Duration podInterval() { return podInterval; }
    public Duration nodeInterval() { return nodeInterval; }
    public Duration intensityInterval() { return intensityInterval; }
    public Duration httpTimeout() { return httpTimeout; }
    public long demoSeed() { return demoSeed; }
    public int bufferSamples() { return bufferSamples; }
    public boolean podTombstones() { return podTombstones; }
    public boolean intensityForecasts() { return intensityForecasts; }
    /** True when the Carbon Aware SDK serves marginal rates (its WattTime backend); false for average. */
    public boolean casdkMarginal() { return get(CollectorSetting.CASDK_SIGNAL).equalsIgnoreCase("marginal"); }
    public Path procRoot() { return Path.of(get(CollectorSetting.PROC_ROOT)); }
    public List<String> teamLabels() { return list(CollectorSetting.TEAM_LABELS); }
    public List<String> modelLabels() { return list(CollectorSetting.MODEL_LABELS); }
    public List<String> workloadClassLabels() { return list(CollectorSetting.WORKLOAD_CLASS_LABELS); }
    public Path raplRoot() { return Path.of(get(CollectorSetting.RAPL_ROOT)); }
    public Path cgroupRoot() { return Path.of(get(CollectorSetting.CGROUP_ROOT)); }
    public URI uri(CollectorSetting setting) { return URI.create(get(setting)); }

    /** Producer settings: {@code bootstrap.servers} plus every {@code CARBON_LEDGER_COLLECTOR_KAFKA_*} pass-through. */
    public Map<String, Object> producerProperties() {
        Map<String, Object> props = new TreeMap<>(kafkaProperties);
        props.put("bootstrap.servers", bootstrapServers());
        return props;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("CollectorConfig{");
        for (CollectorSetting setting : CollectorSetting.values()) {
            String value = get(setting);
            if (!value.equals(setting.defaultValue())) {
                boolean secret = setting.name().endsWith("TOKEN") || setting.name().endsWith("PASSWORD");
                s.append(setting.name()).append('=').append(secret ? "****" : value).append(", ");
            }
        }
        s.append("kafka=").append(kafkaProperties.keySet()).append('}');
        return s.toString();
    }

    private void checkRequired(List<String> errors) {
        boolean needsNode = kubernetesPods || energySources.stream().anyMatch(k -> k != EnergySourceKind.DEMO);
        if (needsNode && nodeName().isEmpty()) {
            errors.add(CollectorSetting.NODE_NAME.envName() + " is required by energy sources " + energySources
                    + (kubernetesPods ? " and the Kubernetes pod source" : "")
                    + " (set it from the downward API: fieldRef spec.nodeName)");
        }
        if (nodeZone().isPresent() && nodeName().isEmpty()) {
            errors.add(CollectorSetting.NODE_ZONE.envName() + " is set but " + CollectorSetting.NODE_NAME.envName()
                    + " is not: the node record needs the node's name");
        }
        for (IntensityProviderKind provider : intensityProviders) {
            switch (provider) {
                case ELECTRICITYMAPS -> require(errors, provider, CollectorSetting.ELECTRICITYMAPS_TOKEN);
                case WATTTIME -> {
                    require(errors, provider, CollectorSetting.WATTTIME_USERNAME);
                    require(errors, provider, CollectorSetting.WATTTIME_PASSWORD);
                }
                case CASDK -> require(errors, provider, CollectorSetting.CASDK_URL);
                case FILE -> require(errors, provider, CollectorSetting.INTENSITY_FILE);
                default -> { }
            }
            boolean zoned = provider == IntensityProviderKind.ELECTRICITYMAPS || provider == IntensityProviderKind.WATTTIME
                    || provider == IntensityProviderKind.CASDK;
            if (zoned && intensityZones.isEmpty()) {
                errors.add("intensity provider " + provider.id() + " needs a zone: set "
                        + CollectorSetting.INTENSITY_ZONES.envName() + " or " + CollectorSetting.NODE_ZONE.envName());
            }
        }
        for (CollectorSetting url : List.of(CollectorSetting.KEPLER_URL, CollectorSetting.DCGM_URL,
                CollectorSetting.SCAPHANDRE_URL,
                CollectorSetting.K8S_API_URL, CollectorSetting.ELECTRICITYMAPS_URL, CollectorSetting.WATTTIME_URL,
                CollectorSetting.UKCI_URL, CollectorSetting.CASDK_URL, CollectorSetting.SCHEMA_REGISTRY_URL)) {
            String value = get(url);
            if (!value.isEmpty() && !value.matches("https?://\\S+")) {
                errors.add(url.envName() + " must be an http(s) URL, got '" + value + "'");
            }
        }
        if (!topicPrefix().matches("[A-Za-z0-9._-]+")) {
            errors.add(CollectorSetting.TOPIC_PREFIX.envName() + " must use only [A-Za-z0-9._-], got '" + topicPrefix() + "'");
        }
        if (bootstrapServers().isEmpty()) {
            errors.add(CollectorSetting.BOOTSTRAP_SERVERS.envName() + " must not be empty");
        }
    }

    private void require(List<String> errors, IntensityProviderKind provider, CollectorSetting setting) {
        if (get(setting).isEmpty()) {
            errors.add(setting.envName() + " is required by intensity provider " + provider.id());
        }
    }

    private <K> List<K> kinds(CollectorSetting setting, java.util.function.Function<String, Optional<K>> byId,
            List<String> errors) {
        Set<K> kinds = new LinkedHashSet<>();
        for (String id : list(setting)) {
            Optional<K> kind = byId.apply(id.toLowerCase(Locale.ROOT));
            if (kind.isPresent()) {
                kinds.add(kind.get());
            } else {
                errors.add(setting.envName() + ": unknown value '" + id + "'; " + setting.description());
            }
        }
        return List.copyOf(kinds);
    }

    private List<String> list(CollectorSetting setting) {
        return Arrays.stream(get(setting).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private Duration duration(CollectorSetting setting, List<String> errors) {
        String value = get(setting);
        try {
            Duration d = parseDuration(value);
            if (d.isZero() || d.isNegative()) {
                errors.add(setting.envName() + " must be positive, got '" + value + "'");
                return Duration.parse("PT1S");
            }
            return d;
        } catch (IllegalArgumentException e) {
            errors.add(setting.envName() + " must be a duration like 500ms, 5s, 2m, 1h or PT5S, got '" + value + "'");
            return Duration.parse("PT1S");
        }
    }

    /** Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or an ISO-8601 duration. */
    public static Duration parseDuration(String value) {
        Matcher m = SHORT_DURATION.matcher(value.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration: '" + value + "'", e);
        }
    }

    private Double pue(List<String> errors) {
        Optional<String> value = optional(CollectorSetting.NODE_PUE);
        if (value.isEmpty()) {
            return null;
        }
        try {
            double pue = Double.parseDouble(value.get());
            if (!(pue >= 1.0 && pue <= 5.0)) {
                errors.add(CollectorSetting.NODE_PUE.envName() + " must be between 1.0 and 5.0, got " + value.get());
            }
            return pue;
        } catch (NumberFormatException e) {
            errors.add(CollectorSetting.NODE_PUE.envName() + " must be a number, got '" + value.get() + "'");
            return null;
        }
    }

    private int bufferSamples(List<String> errors) {
        String value = get(CollectorSetting.BUFFER_SAMPLES);
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(CollectorSetting.BUFFER_SAMPLES.envName() + " must be a whole number >= 1, got '" + value + "'");
        return 1;
    }

    private long seed(List<String> errors) {
        try {
            return Long.parseLong(get(CollectorSetting.DEMO_SEED));
        } catch (NumberFormatException e) {
            errors.add(CollectorSetting.DEMO_SEED.envName() + " must be an integer, got '" + get(CollectorSetting.DEMO_SEED) + "'");
            return 0;
        }
    }

    private boolean bool(CollectorSetting setting, List<String> errors) {
        String value = get(setting).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            errors.add(setting.envName() + " must be true or false, got '" + get(setting) + "'");
        }
        return value.equals("true");
    }

    /** Collects settings; {@link #build()} validates them all at once. */
    public static final class Builder {
        private final Map<CollectorSetting, String> values = new EnumMap<>(CollectorSetting.class);
        private final Map<String, String> kafka = new TreeMap<>();

        private Builder() {}

        public Builder set(CollectorSetting setting, String value) {
            values.put(setting, value == null ? "" : value);
            return this;
        }

        /** A producer property passed through as is (e.g. {@code security.protocol}). */
        public Builder kafkaProperty(String name, String value) {
            kafka.put(name, value);
            return this;
        }

        public CollectorConfig build() {
            return build(new ArrayList<>());
        }

        private CollectorConfig build(List<String> errors) {
            return new CollectorConfig(new EnumMap<>(values), kafka, errors);
        }
    }
}
