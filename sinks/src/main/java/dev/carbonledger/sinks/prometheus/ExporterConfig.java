package dev.carbonledger.sinks.prometheus;

import dev.carbonledger.schemas.tls.TlsKeystore;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.internal.ConfigErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable, validated configuration of the {@link MetricsExporter}. Build it with {@link #builder(String)} or
 * from flat string properties with {@link #fromMap(Map)}; {@link Builder#build()} reports every error at once.
 */
public final class ExporterConfig {
    /** The labels the emission counters may carry. Pod uids are never among them. */
    public static final List<String> EMISSION_LABELS = List.of("team", "model", "namespace", "grid_zone");
    /** Default bound on the emission label combinations with a series of their own; the rest go to {@code other}. */
    public static final int DEFAULT_MAX_EMISSION_SERIES = 10_000;
    /** Default time after which a series that was not updated is no longer exposed. */
    public static final Duration DEFAULT_SERIES_RETIRE_AFTER = Duration.ofHours(1);
    public static final int DEFAULT_PORT = 9464;
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** The streams app's application id, i.e. the consumer group whose lag is reported by default. */
    public static final String DEFAULT_LAG_GROUP = "carbon-ledger-accounting";

    private final String bootstrapServers;
    private final Map<String, Object> kafkaProperties;
    private final TopicNames topics;
    private final String bindAddress;
    private final int port;
    private final Optional<BasicAuth> basicAuth;
    private final Optional<TlsKeystore> tls;
    private final Set<String> emissionLabels;
    private final List<String> lagGroups;
    private final Duration refreshInterval;
    private final Duration sampleLookback;
    private final int maxNodes;
    private final int maxEmissionSeries;
    private final Duration seriesRetireAfter;
    private final Clock clock;

    /** Credentials required on every request to /metrics. */
    public record BasicAuth(String username, String password) {
        public BasicAuth {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "BasicAuth[username=" + username + ", password=***]";
        }
    }

    private ExporterConfig(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.kafkaProperties = Map.copyOf(b.kafkaProperties);
        this.topics = b.topics;
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.basicAuth = Optional.ofNullable(b.basicAuth);
        this.tls = Optional.ofNullable(b.tls);
        this.emissionLabels = Set.copyOf(b.emissionLabels);
        this.lagGroups = List.copyOf(b.lagGroups);
        this.refreshInterval = b.refreshInterval;
        this.sampleLookback = b.sampleLookback;
        this.maxNodes = b.maxNodes;
        this.maxEmissionSeries = b.maxEmissionSeries;
        this.seriesRetireAfter = b.seriesRetireAfter;
        this.clock = b.clock;
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /**
     * Reads flat properties (for instance environment variables mapped to lower-case dotted keys). Keys:
     * {@code bootstrap.servers} (required), {@code topic.prefix}, {@code bind.address}, {@code port},
     * {@code basic.auth.username}, {@code basic.auth.password}, {@code tls.keystore.path},
     * {@code tls.keystore.password}, {@code tls.keystore.type}, {@code labels} (comma separated allow-list),
     * {@code lag.groups} (comma separated), {@code refresh.interval.ms}, {@code sample.lookback.ms},
     * {@code max.nodes}, {@code max.emission.series}, {@code series.retire.after.ms}; every {@code kafka.*} key is passed to the Kafka clients without the prefix. Unknown
     * keys are rejected.
     */
    public static ExporterConfig fromMap(Map<String, String> props) {
        ConfigErrors errors = new ConfigErrors("exporter properties");
        Map<String, String> p = new LinkedHashMap<>(props);
        Builder b = builder(p.remove("bootstrap.servers"));
        String prefix = p.remove("topic.prefix");
        if (prefix != null) {
            try {
                b.topics(new TopicNames(prefix));
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        Optional.ofNullable(p.remove("bind.address")).ifPresent(b::bindAddress);
        Optional.ofNullable(p.remove("port")).ifPresent(v -> b.port(parseInt("port", v, errors)));
        String user = p.remove("basic.auth.username");
        String password = p.remove("basic.auth.password");
        if (user != null || password != null) {
            errors.check(user != null && password != null,
                    "basic.auth.username and basic.auth.password must be given together");
            if (user != null && password != null) {
                b.basicAuth(new BasicAuth(user, password));
            }
        }
        String keystore = p.remove("tls.keystore.path");
        String keystorePassword = p.remove("tls.keystore.password");
        String keystoreType = Optional.ofNullable(p.remove("tls.keystore.type")).orElse("PKCS12");
        if (keystore != null) {
            b.tls(new TlsKeystore(Path.of(keystore), Objects.requireNonNullElse(keystorePassword, ""), keystoreType));
        }
        Optional.ofNullable(p.remove("labels")).ifPresent(v -> b.emissionLabels(splitList(v)));
        Optional.ofNullable(p.remove("lag.groups")).ifPresent(v -> b.lagGroups(List.copyOf(splitList(v))));
        Optional.ofNullable(p.remove("refresh.interval.ms"))
                .ifPresent(v -> b.refreshInterval(Duration.ofMillis(parseInt("refresh.interval.ms", v, errors))));
        Optional.ofNullable(p.remove("sample.lookback.ms"))
                .ifPresent(v -> b.sampleLookback(Duration.ofMillis(parseInt("sample.lookback.ms", v, errors))));
        Optional.ofNullable(p.remove("max.nodes")).ifPresent(v -> b.maxNodes(parseInt("max.nodes", v, errors)));
        Optional.ofNullable(p.remove("max.emission.series"))
                .ifPresent(v -> b.maxEmissionSeries(parseInt("max.emission.series", v, errors)));
        Optional.ofNullable(p.remove("series.retire.after.ms")).ifPresent(v ->
                b.seriesRetireAfter(Duration.ofMillis(parseInt("series.retire.after.ms", v, errors))));
        Map<String, Object> kafka = new LinkedHashMap<>();
        p.entrySet().removeIf(e -> {
            if (e.getKey().startsWith("kafka.")) {
                kafka.put(e.getKey().substring("kafka.".length()), e.getValue());
                return true;
            }
            return false;
        });
        b.kafkaProperties(kafka);
        for (String unknown : p.keySet()) {
            errors.add("unknown key '" + unknown + "'");
        }
        errors.throwIfAny();
        return b.build();
    }

    private static int parseInt(String key, String value, ConfigErrors errors) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            errors.add(key + " must be an integer, got '" + value + "'");
            return 0;
        }
    }

    private static Set<String> splitList(String value) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    public String bootstrapServers() { return bootstrapServers; }
    public Map<String, Object> kafkaProperties() { return kafkaProperties; }
    public TopicNames topics() { return topics; }
    public String bindAddress() { return bindAddress; }
    /** The port to bind; 0 picks an ephemeral one (see {@link MetricsExporter#port()}). */
    public int port() { return port; }
    public Optional<BasicAuth> basicAuth() { return basicAuth; }
    public Optional<TlsKeystore> tls() { return tls; }
    /** The labels kept on the emission counters; series differing only in dropped labels are summed. */
    public Set<String> emissionLabels() { return emissionLabels; }
    /** Consumer groups whose lag is reported. */
    public List<String> lagGroups() { return lagGroups; }
    /** How often end offsets and consumer lag are refreshed. */
    public Duration refreshInterval() { return refreshInterval; }
    /** How far back samples are read on start to know each node's last sample; zero disables node tracking. */
    public Duration sampleLookback() { return sampleLookback; }
    /** Upper bound on distinct node label values; further nodes are counted, not exposed. */
    public int maxNodes() { return maxNodes; }
    /** Upper bound on emission label combinations exposed on their own (and on SCI model/unit pairs). */
    public int maxEmissionSeries() { return maxEmissionSeries; }
    /** Series (emissions, node gauges, SCI) not updated for this long are not exposed; zero = never retire. */
    public Duration seriesRetireAfter() { return seriesRetireAfter; }
    public Clock clock() { return clock; }

    @Override
    public String toString() {
        return "ExporterConfig[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topics.prefix()
                + ", bindAddress=" + bindAddress + ", port=" + port + ", basicAuth=" + basicAuth.isPresent()
                + ", tls=" + tls.isPresent() + ", emissionLabels=" + emissionLabels + ", lagGroups=" + lagGroups
                + ", refreshInterval=" + refreshInterval + ", sampleLookback=" + sampleLookback
                + ", maxNodes=" + maxNodes + ", maxEmissionSeries=" + maxEmissionSeries
                + ", seriesRetireAfter=" + seriesRetireAfter + "]";
    }

    /** Builder with the defaults documented on each setter. */
    public static final class Builder {
        private final String bootstrapServers;
        private Map<String, Object> kafkaProperties = Map.of();
        private TopicNames topics = TopicNames.defaults();
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int port = DEFAULT_PORT;
        private BasicAuth basicAuth;
        private TlsKeystore tls;
        private Set<String> emissionLabels = new LinkedHashSet<>(EMISSION_LABELS);
        private List<String> lagGroups = List.of(DEFAULT_LAG_GROUP);
        private Duration refreshInterval = Duration.ofSeconds(10);
        private Duration sampleLookback = Duration.ofMinutes(15);
        private int maxNodes = 2000;
        private int maxEmissionSeries = DEFAULT_MAX_EMISSION_SERIES;
        private Duration seriesRetireAfter = DEFAULT_SERIES_RETIRE_AFTER;
        private Clock clock = Clock.systemUTC();

        private Builder(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        /** Extra Kafka client properties (security, timeouts ...), passed to the consumer and admin client. */
        public Builder kafkaProperties(Map<String, ?> value) {
            this.kafkaProperties = new LinkedHashMap<>(Objects.requireNonNull(value, "kafkaProperties"));
            return this;
        }

        public Builder topics(TopicNames value) { this.topics = value; return this; }
        /** Default 127.0.0.1; use 0.0.0.0 in a container so that Prometheus can reach it. */
        public Builder bindAddress(String value) { this.bindAddress = value; return this; }
        /** Default 9464; 0 for an ephemeral port. */
        public Builder port(int value) { this.port = value; return this; }
        public Builder basicAuth(BasicAuth value) { this.basicAuth = value; return this; }
        public Builder tls(TlsKeystore value) { this.tls = value; return this; }
        /** Default team, model, namespace, grid_zone. */
        public Builder emissionLabels(Set<String> value) { this.emissionLabels = new LinkedHashSet<>(value); return this; }
        /** Default {@value #DEFAULT_LAG_GROUP}. */
        public Builder lagGroups(List<String> value) { this.lagGroups = value; return this; }
        /** Default 10 s. */
        public Builder refreshInterval(Duration value) { this.refreshInterval = value; return this; }
        /** Default 15 min. */
        public Builder sampleLookback(Duration value) { this.sampleLookback = value; return this; }
        /** Default 2000. */
        public Builder maxNodes(int value) { this.maxNodes = value; return this; }
        /** Default {@value #DEFAULT_MAX_EMISSION_SERIES}; further label combinations are summed into {@code other}. */
        public Builder maxEmissionSeries(int value) { this.maxEmissionSeries = value; return this; }
        /** Default 1 h; zero never retires. */
        public Builder seriesRetireAfter(Duration value) { this.seriesRetireAfter = value; return this; }
        /** The clock for "now" (intensity in effect, ages); tests pass a fixed clock. */
        public Builder clock(Clock value) { this.clock = value; return this; }

        /** @throws IllegalArgumentException listing every invalid setting */
        public ExporterConfig build() {
            ConfigErrors errors = new ConfigErrors("exporter config");
            errors.check(bootstrapServers != null && !bootstrapServers.isBlank(), "bootstrap servers are required");
            errors.check(topics != null, "topic names are required");
            errors.check(bindAddress != null && !bindAddress.isBlank(), "bind address is required");
            errors.check(port >= 0 && port <= 65535, "port must be in 0..65535, got " + port);
            if (basicAuth != null) {
                errors.check(!basicAuth.username().isEmpty() && !basicAuth.username().contains(":"),
                        "basic auth username must be non-empty and contain no ':'");
                errors.check(!basicAuth.password().isEmpty(), "basic auth password must be non-empty");
            }
            if (tls != null) {
                errors.check(Files.isReadable(tls.keystore()), "TLS keystore " + tls.keystore() + " is not readable");
            }
            for (String label : emissionLabels) {
                if ("zone".equals(label)) {
                    errors.add("label 'zone' is now called 'grid_zone' (a 'zone' is a RAPL zone in Kepler's metrics)");
                } else {
                    errors.check(EMISSION_LABELS.contains(label),
                            "label '" + label + "' is not allowed on emission metrics; allowed: " + EMISSION_LABELS);
                }
            }
            errors.check(lagGroups != null && lagGroups.stream().noneMatch(String::isBlank),
                    "lag groups must not be blank");
            errors.check(refreshInterval != null && !refreshInterval.isNegative() && !refreshInterval.isZero(),
                    "refresh interval must be positive");
            errors.check(sampleLookback != null && !sampleLookback.isNegative(), "sample lookback must be >= 0");
            errors.check(maxNodes > 0, "max nodes must be positive, got " + maxNodes);
            errors.check(maxEmissionSeries > 0, "max emission series must be positive, got " + maxEmissionSeries);
            errors.check(seriesRetireAfter != null && !seriesRetireAfter.isNegative(),
                    "series retire-after must be >= 0 (0 = never retire)");
            errors.check(clock != null, "clock is required");
            errors.throwIfAny();
            return new ExporterConfig(this);
        }
    }
}
