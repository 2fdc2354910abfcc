package dev.carbonledger.sinks.policy;

import dev.carbonledger.schemas.tls.TlsKeystore;
import dev.carbonledger.domain.budget.BurnSettings;
import dev.carbonledger.domain.intensity.AccountingSignal;
import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.internal.ConfigErrors;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable, validated configuration of the {@link PolicyServer}. Build it with {@link #builder(String)};
 * {@link Builder#build()} reports every error at once. {@link #toString()} never shows the bearer token or the
 * keystore password.
 */
public final class PolicyServerConfig {
    /** The policy server's port in {@code standalone} (DESIGN section 6). */
    public static final int DEFAULT_PORT = 8090;
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    /** How far after the earliest start {@code /v1/windows} searches by default. */
    public static final Duration DEFAULT_MAX_WINDOW_SEARCH = Duration.ofDays(7);
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(10);
    /** Live view streams open at once (each browser tab opens four). */
    public static final int DEFAULT_MAX_STREAM_CLIENTS = 64;
    /** Requests a second per client address, on average (bursts of twice that); 0 = no limit. */
    public static final int DEFAULT_REQUESTS_PER_SECOND = 100;
    public static final Duration DEFAULT_STREAM_HEARTBEAT = Duration.ofSeconds(15);
    /** How far back the live view reads the team windows, SCI and alerts topics. */
    public static final Duration DEFAULT_LIVE_LOOKBACK = Duration.ofHours(1);
    private static final Set<String> KEYSTORE_TYPES = Set.of("PKCS12", "JKS");

    private final String bootstrapServers;
    private final Map<String, Object> kafkaProperties;
    private final TopicNames topics;
    private final String bindAddress;
    private final int port;
    private final Optional<TlsKeystore> tls;
    private final Optional<String> bearerToken;
    private final Set<String> criticalClasses;
    private final AccountingSignal accountingSignal;
    private final Clock clock;
    private final Duration maxWindowSearch;
    private final Duration refreshInterval;
    private final int maxStreamClients;
    private final int requestsPerSecond;
    private final Duration streamHeartbeat;
    private final Duration liveLookback;

    private PolicyServerConfig(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.kafkaProperties = Map.copyOf(b.kafkaProperties);
        this.topics = b.topics;
        this.bindAddress = b.bindAddress;
        this.port = b.port;
        this.tls = Optional.ofNullable(b.tls);
        this.bearerToken = Optional.ofNullable(b.bearerToken);
        this.criticalClasses = Set.copyOf(b.criticalClasses);
        this.accountingSignal = b.accountingSignal;
        this.clock = b.clock;
        this.maxWindowSearch = b.maxWindowSearch;
        this.refreshInterval = b.refreshInterval;
        this.maxStreamClients = b.maxStreamClients;
        this.requestsPerSecond = b.requestsPerSecond;
        this.streamHeartbeat = b.streamHeartbeat;
        this.liveLookback = b.liveLookback;
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    public String bootstrapServers() { return bootstrapServers; }
    /** Extra Kafka client properties passed to the consumer. */
    public Map<String, Object> kafkaProperties() { return kafkaProperties; }
    public TopicNames topics() { return topics; }
    public String bindAddress() { return bindAddress; }
    /** The port to bind; 0 picks an ephemeral one (see {@link PolicyServer#port()}). */
    public int port() { return port; }
    public Optional<TlsKeystore> tls() { return tls; }
    /** When present, every endpoint except /openapi.json, /livez and /readyz requires {@code Authorization: Bearer <token>}. */
    public Optional<String> bearerToken() { return bearerToken; }
    /** Workload classes an exhausted soft budget does not defer (case-insensitive). */
    public Set<String> criticalClasses() { return criticalClasses; }
    /** The signal the ledger uses; the other one is kept and shown by name. */
    public AccountingSignal accountingSignal() { return accountingSignal; }
    public Clock clock() { return clock; }
    /** How far after the earliest start {@code /v1/windows} searches, whatever the deadline. */
    public Duration maxWindowSearch() { return maxWindowSearch; }
    /** How often topics that did not exist yet are looked for. */
    public Duration refreshInterval() { return refreshInterval; }
    /** Live view event streams open at once; one more is answered 503. */
    public int maxStreamClients() { return maxStreamClients; }

    public int requestsPerSecond() { return requestsPerSecond; }
    /** How long a live view stream may stay silent before a heartbeat comment is sent (and a gone client noticed). */
    public Duration streamHeartbeat() { return streamHeartbeat; }
    /** How far back (by record timestamp) the live view reads the team windows, SCI and alerts topics. */
    public Duration liveLookback() { return liveLookback; }

    @Override
    public String toString() {
        return "PolicyServerConfig[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topics.prefix()
                + ", bindAddress=" + bindAddress + ", port=" + port + ", tls=" + tls.map(TlsKeystore::toString).orElse("none")
                + ", bearerToken=" + (bearerToken.isPresent() ? "***" : "none") + ", criticalClasses="
                + criticalClasses + ", accountingSignal=" + accountingSignal + ", maxWindowSearch=" + maxWindowSearch
                + ", refreshInterval=" + refreshInterval + ", maxStreamClients=" + maxStreamClients
                + ", requestsPerSecond=" + requestsPerSecond
                + ", streamHeartbeat=" + streamHeartbeat + ", liveLookback=" + liveLookback + "]";
    }

    /** Builder with the defaults documented on each setter. */
    public static final class Builder {
        private final String bootstrapServers;
        private Map<String, Object> kafkaProperties = Map.of();
        private TopicNames topics = TopicNames.defaults();
        private String bindAddress = DEFAULT_BIND_ADDRESS;
        private int port = DEFAULT_PORT;
        private TlsKeystore tls;
        private String bearerToken;
        private Set<String> criticalClasses = BurnSettings.DEFAULT_CRITICAL_CLASSES;
        private AccountingSignal accountingSignal = AccountingSignal.DEFAULT;
        private Clock clock = Clock.systemUTC();
        private Duration maxWindowSearch = DEFAULT_MAX_WINDOW_SEARCH;
        private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
        private int maxStreamClients = DEFAULT_MAX_STREAM_CLIENTS;
        private int requestsPerSecond = DEFAULT_REQUESTS_PER_SECOND;
        private Duration streamHeartbeat = DEFAULT_STREAM_HEARTBEAT;
        private Duration liveLookback = DEFAULT_LIVE_LOOKBACK;

        private Builder(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
        }

        /** Extra Kafka client properties (security, timeouts ...), passed to the consumer. */
        public Builder kafkaProperties(Map<String, ?> value) {
            this.kafkaProperties = new LinkedHashMap<>(Objects.requireNonNull(value, "kafkaProperties"));
            return this;
        }

        /** Default prefix {@code carbon}. */
        public Builder topics(TopicNames value) { this.topics = value; return this; }
        /** Default 127.0.0.1; use 0.0.0.0 in a container so that schedulers can reach it. */
        public Builder bindAddress(String value) { this.bindAddress = value; return this; }
        /** Default {@value #DEFAULT_PORT}; 0 for an ephemeral port. */
        public Builder port(int value) { this.port = value; return this; }
        /** Default none (plain HTTP). */
        public Builder tls(TlsKeystore value) { this.tls = value; return this; }
        /** Default none (no authentication). */
        public Builder bearerToken(String value) { this.bearerToken = value; return this; }
        /** Default {@link BurnSettings#DEFAULT_CRITICAL_CLASSES}. */
        public Builder criticalClasses(Set<String> value) {
            this.criticalClasses = value == null ? null : new LinkedHashSet<>(value);
            return this;
        }
        /** Default {@link AccountingSignal#DEFAULT} ({@code average}). */
        public Builder accountingSignal(AccountingSignal value) { this.accountingSignal = value; return this; }
        /** The clock for "now" in every decision; tests pass a fixed clock. Default the UTC system clock. */
        public Builder clock(Clock value) { this.clock = value; return this; }
        /** Default 7 days. */
        public Builder maxWindowSearch(Duration value) { this.maxWindowSearch = value; return this; }
        /** Default 10 s. */
        public Builder refreshInterval(Duration value) { this.refreshInterval = value; return this; }
        /** Default {@value #DEFAULT_MAX_STREAM_CLIENTS}. */
        public Builder maxStreamClients(int value) { this.maxStreamClients = value; return this; }
        /** Default {@value #DEFAULT_REQUESTS_PER_SECOND} a second per client (bursts of twice that); 0 = no limit. */
        public Builder requestsPerSecond(int value) { this.requestsPerSecond = value; return this; }
        /** Default 15 s. */
        public Builder streamHeartbeat(Duration value) { this.streamHeartbeat = value; return this; }
        /** Default 1 h. */
        public Builder liveLookback(Duration value) { this.liveLookback = value; return this; }

        /** @throws IllegalArgumentException listing every invalid setting */
        public PolicyServerConfig build() {
            ConfigErrors errors = new ConfigErrors("policy server config");
            errors.check(bootstrapServers != null && !bootstrapServers.isBlank(), "bootstrap servers are required");
            errors.check(topics != null, "topic names are required");
            errors.check(bindAddress != null && !bindAddress.isBlank(), "bind address is required");
            errors.check(port >= 0 && port <= 65535, "port must be in 0..65535, got " + port);
            if (tls != null) {
                errors.check(Files.isReadable(tls.keystore()), "TLS keystore " + tls.keystore() + " is not readable");
                errors.check(KEYSTORE_TYPES.contains(tls.type().toUpperCase(Locale.ROOT)),
                        "TLS keystore type must be PKCS12 or JKS, got '" + tls.type() + "'");
            }
            if (bearerToken != null) {
                errors.check(!bearerToken.isBlank() && bearerToken.chars().noneMatch(c -> c <= ' ' || c == 0x7f),
                        "bearer token must be non-empty, without spaces or control characters");
            }
            errors.check(criticalClasses != null && criticalClasses.stream().noneMatch(c -> c == null || c.isBlank()),
                    "critical classes must not be null or blank");
            errors.check(accountingSignal != null, "accounting signal is required");
            errors.check(clock != null, "clock is required");
            errors.check(maxWindowSearch != null && !maxWindowSearch.isNegative() && !maxWindowSearch.isZero(),
                    "max window search must be positive");
            errors.check(refreshInterval != null && !refreshInterval.isNegative() && !refreshInterval.isZero(),
                    "refresh interval must be positive");
            errors.check(maxStreamClients >= 1 && maxStreamClients <= 10_000,
                    "max stream clients must be in 1..10000, got " + maxStreamClients);
            errors.check(requestsPerSecond >= 0 && requestsPerSecond <= 1_000_000,
                    "requests per second must be in 0..1000000 (0 = no limit), got " + requestsPerSecond);
            errors.check(streamHeartbeat != null && !streamHeartbeat.isNegative() && !streamHeartbeat.isZero(),
                    "stream heartbeat must be positive");
            errors.check(liveLookback != null && !liveLookback.isNegative(), "live lookback must not be negative");
            errors.throwIfAny();
            return new PolicyServerConfig(this);
        }
    }
}
