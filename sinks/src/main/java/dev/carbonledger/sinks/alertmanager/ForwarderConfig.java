package dev.carbonledger.sinks.alertmanager;

import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.internal.ConfigErrors;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Immutable, validated configuration of the {@link AlertmanagerForwarder}: where to read alert events, which
 * Alertmanagers to post them to (every one of an HA set, as Prometheus does), how often firing alerts are
 * re-sent and how failed posts are retried.
 */
public final class ForwarderConfig {
    public static final String DEFAULT_GROUP_ID = "carbon-ledger-alertmanager-forwarder";

    private final String bootstrapServers;
    private final Map<String, Object> kafkaProperties;
    private final TopicNames topics;
    private final List<URI> alertmanagers;
    private final String groupId;
    private final Duration resendInterval;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration requestTimeout;
    private final Clock clock;

    private ForwarderConfig(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.kafkaProperties = Map.copyOf(b.kafkaProperties);
        this.topics = b.topics;
        this.alertmanagers = List.copyOf(b.alertmanagers);
        this.groupId = b.groupId;
        this.resendInterval = b.resendInterval;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.requestTimeout = b.requestTimeout;
        this.clock = b.clock;
    }

    /**
     * @param alertmanagers base URLs such as {@code http://alertmanager:9093}; alerts are posted to
     *     {@code <base>/api/v2/alerts}
     */
    public static Builder builder(String bootstrapServers, List<URI> alertmanagers) {
        return new Builder(bootstrapServers, alertmanagers);
    }

    public String bootstrapServers() { return bootstrapServers; }
    public Map<String, Object> kafkaProperties() { return kafkaProperties; }
    public TopicNames topics() { return topics; }
    public List<URI> alertmanagers() { return alertmanagers; }
    /** The consumer group; its committed offsets mark what was delivered. */
    public String groupId() { return groupId; }
    /** Firing alerts are re-posted this often (Alertmanager resolves alerts that are not re-sent). */
    public Duration resendInterval() { return resendInterval; }
    public Duration initialBackoff() { return initialBackoff; }
    public Duration maxBackoff() { return maxBackoff; }
    public Duration requestTimeout() { return requestTimeout; }
    public Clock clock() { return clock; }

    @Override
    public String toString() {
        return "ForwarderConfig[bootstrapServers=" + bootstrapServers + ", topic=" + topics.alerts()
                + ", alertmanagers=" + alertmanagers + ", groupId=" + groupId + ", resendInterval=" + resendInterval
                + ", backoff=" + initialBackoff + ".." + maxBackoff + ", requestTimeout=" + requestTimeout + "]";
    }

    /** Builder; defaults on each setter. */
    public static final class Builder {
        private final String bootstrapServers;
        private final List<URI> alertmanagers;
        private Map<String, Object> kafkaProperties = Map.of();
        private TopicNames topics = TopicNames.defaults();
        private String groupId = DEFAULT_GROUP_ID;
        private Duration resendInterval = Duration.ofMinutes(1);
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        private Builder(String bootstrapServers, List<URI> alertmanagers) {
            this.bootstrapServers = bootstrapServers;
            this.alertmanagers = alertmanagers == null ? List.of() : List.copyOf(alertmanagers);
        }

        public Builder kafkaProperties(Map<String, ?> value) {
            this.kafkaProperties = new LinkedHashMap<>(Objects.requireNonNull(value, "kafkaProperties"));
            return this;
        }

        public Builder topics(TopicNames value) { this.topics = value; return this; }
        /** Default {@value ForwarderConfig#DEFAULT_GROUP_ID}. */
        public Builder groupId(String value) { this.groupId = value; return this; }
        /** Default 1 min. */
        public Builder resendInterval(Duration value) { this.resendInterval = value; return this; }
        /** Default 500 ms, doubled on each failure up to the maximum. */
        public Builder initialBackoff(Duration value) { this.initialBackoff = value; return this; }
        /** Default 30 s. */
        public Builder maxBackoff(Duration value) { this.maxBackoff = value; return this; }
        /** Default 10 s. */
        public Builder requestTimeout(Duration value) { this.requestTimeout = value; return this; }
        public Builder clock(Clock value) { this.clock = value; return this; }

        /** @throws IllegalArgumentException listing every invalid setting */
        public ForwarderConfig build() {
            ConfigErrors errors = new ConfigErrors("alertmanager forwarder config");
            errors.check(bootstrapServers != null && !bootstrapServers.isBlank(), "bootstrap servers are required");
            errors.check(!alertmanagers.isEmpty(), "at least one Alertmanager URL is required");
            for (URI uri : alertmanagers) {
                errors.check(uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        && uri.getHost() != null, "Alertmanager URL must be absolute http(s) with a host: " + uri);
            }
            errors.check(topics != null, "topic names are required");
            errors.check(groupId != null && !groupId.isBlank(), "group id is required");
            errors.check(positive(resendInterval), "resend interval must be positive");
            errors.check(positive(initialBackoff), "initial backoff must be positive");
            errors.check(positive(maxBackoff) && (initialBackoff == null || maxBackoff.compareTo(initialBackoff) >= 0),
                    "max backoff must be positive and >= initial backoff");
            errors.check(positive(requestTimeout), "request timeout must be positive");
            errors.check(clock != null, "clock is required");
            errors.throwIfAny();
            return new ForwarderConfig(this);
        }

        private static boolean positive(Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }
    }
}
