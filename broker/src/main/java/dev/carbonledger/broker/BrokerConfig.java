package dev.carbonledger.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Immutable settings of a single-node KRaft broker. Build with {@link #builder(Path)}; {@link Builder#build()}
 * validates everything at once and reports every problem in one exception.
 */
public final class BrokerConfig {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9092;
    /** Not 9093: that port is often taken (Alertmanager's default). */
    public static final int DEFAULT_CONTROLLER_PORT = 19093;
    public static final int DEFAULT_PARTITIONS = 4;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /** Keys this class derives itself; overriding them would break the single-node layout. */
    static final Set<String> RESERVED_KEYS = Set.of(
            "process.roles", "node.id", "listeners", "advertised.listeners", "listener.security.protocol.map",
            "controller.listener.names", "inter.broker.listener.name", "controller.quorum.voters",
            "controller.quorum.bootstrap.servers", "log.dirs", "log.dir", "metadata.log.dir");

    /** Keys derived from {@link BrokerSecurity} when it is on. */
    static final Set<String> SECURITY_KEYS = Set.of(
            "authorizer.class.name", "super.users", "sasl.enabled.mechanisms", "ssl.principal.mapping.rules",
            "ssl.keystore.location", "ssl.keystore.password", "ssl.keystore.type", "ssl.key.password", "ssl.truststore.location",
            "ssl.truststore.password", "ssl.truststore.type", "ssl.client.auth");

    private final String host;
    private final int port;
    private final int controllerPort;
    private final Path dataDir;
    private final int partitions;
    private final Duration startupTimeout;
    private final Map<String, String> serverOverrides;
    private final BrokerSecurity security;
    private final ProxiedListener proxiedListener;

    /**
     * A second PLAINTEXT listener on {@code port} that advertises {@code advertisedPort} instead: clients that
     * bootstrap through a TCP proxy on the advertised port keep talking through it, so cutting the proxy cuts them
     * (and only them) off the broker. For fault injection.
     */
    public record ProxiedListener(int port, int advertisedPort) {
        public ProxiedListener {
            if (port <= 0 || advertisedPort <= 0) {
                throw new IllegalArgumentException("a proxied listener needs fixed ports, got " + port + " advertised as "
                        + advertisedPort);
            }
        }
    }

    private BrokerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.controllerPort = b.controllerPort;
        this.dataDir = b.dataDir.toAbsolutePath().normalize();
        this.partitions = b.partitions;
        this.startupTimeout = b.startupTimeout;
        this.serverOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(b.serverOverrides));
        this.security = b.security;
        this.proxiedListener = b.proxiedListener;
    }

    /** A builder with the defaults (127.0.0.1:9092, controller 19093, 4 partitions) and the given data dir. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Address the listeners bind to and advertise. */
    public String host() {
        return host;
    }

    /** Client port; 0 means a free ephemeral port chosen at start. */
    public int port() {
        return port;
    }

    /** KRaft controller port; 0 means a free ephemeral port chosen at start. */
    public int controllerPort() {
        return controllerPort;
    }

    /** Directory holding the cluster id file and the Kafka logs; kept across restarts. */
    public Path dataDir() {
        return dataDir;
    }

    /** Partitions of internal topics and of auto-created topics. */
    public int partitions() {
        return partitions;
    }

    /** How long {@link EmbeddedKafkaBroker#start(BrokerConfig)} waits for the broker to answer. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** Extra Kafka server properties, applied last. */
    public Map<String, String> serverOverrides() {
        return serverOverrides;
    }

    /** Secured listeners and the authorizer; {@link BrokerSecurity#none()} unless set. */
    public BrokerSecurity security() {
        return security;
    }

    /** The extra listener advertised at a proxy's port, or null. */
    public ProxiedListener proxiedListener() {
        return proxiedListener;
    }

    /** A builder initialised with this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder(dataDir).host(host).port(port).controllerPort(controllerPort)
                .partitions(partitions).startupTimeout(startupTimeout).security(security).proxiedListener(proxiedListener);
        serverOverrides.forEach(b::serverProperty);
        return b;
    }

    @Override
    public String toString() {
        return "BrokerConfig{host=" + host + ", port=" + port + ", controllerPort=" + controllerPort
                + ", dataDir=" + dataDir + ", partitions=" + partitions + ", startupTimeout=" + startupTimeout
                + ", serverOverrides=" + serverOverrides + ", security=" + security + ", proxiedListener=" + proxiedListener + "}";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int controllerPort = DEFAULT_CONTROLLER_PORT;
        private Path dataDir;
        private int partitions = DEFAULT_PARTITIONS;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private final Map<String, String> serverOverrides = new LinkedHashMap<>();
        private BrokerSecurity security = BrokerSecurity.none();
        private ProxiedListener proxiedListener;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /** Secured listeners (SASL_SSL, mutual TLS) and the authorizer; default none. */
        public Builder security(BrokerSecurity security) {
            this.security = security;
            return this;
        }

        /** A second listener advertised at a proxy's port (see {@link ProxiedListener}); null for none. */
        public Builder proxiedListener(ProxiedListener proxiedListener) {
            this.proxiedListener = proxiedListener;
            return this;
        }

        /** Adds a Kafka server property, applied after the single-node defaults. */
        public Builder serverProperty(String key, String value) {
            serverOverrides.put(key, value);
            return this;
        }

        /** Adds Kafka server properties, applied after the single-node defaults. */
        public Builder serverProperties(Map<String, String> properties) {
            serverOverrides.putAll(properties);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws IllegalArgumentException listing every invalid setting
         */
        public BrokerConfig build() {
            List<String> errors = new ArrayList<>();
            if (host == null || host.isBlank()) {
                errors.add("host must not be blank");
            } else if (host.equals("0.0.0.0") || host.contains(":")) {
                // The host is also the advertised address: a wildcard cannot be advertised, and IPv6
                // literals would need brackets in listener URLs.
                errors.add("host must be a hostname or IPv4 address clients can reach (not a wildcard or IPv6"
                        + " literal), was " + host);
            }
            checkPort("port", port, errors);
            checkPort("controllerPort", controllerPort, errors);
            if (port != 0 && port == controllerPort) {
                errors.add("port and controllerPort must differ, both are " + port);
            }
            if (dataDir == null) {
                errors.add("dataDir is required");
            }
            if (partitions < 1) {
                errors.add("partitions must be >= 1, was " + partitions);
            }
            if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
                errors.add("startupTimeout must be positive, was " + startupTimeout);
            }
            if (security == null) {
                errors.add("security must not be null (BrokerSecurity.none() for no secured listener)");
            } else {
                checkSecurityPorts(errors);
            }
            serverOverrides.forEach((key, value) -> {
                if (key == null || key.isBlank()) {
                    errors.add("server property keys must not be blank");
                } else if (RESERVED_KEYS.contains(key)) {
                    errors.add("server property '" + key + "' is derived from host/port/controllerPort/dataDir"
                            + " and cannot be overridden");
                } else if (security != null && security.enabled() && SECURITY_KEYS.contains(key)) {
                    errors.add("server property '" + key + "' is derived from the broker security settings"
                            + " and cannot be overridden while they are on");
                } else if (value == null) {
                    errors.add("server property '" + key + "' has no value");
                }
            });
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("Invalid broker config: " + String.join("; ", errors));
            }
            Objects.requireNonNull(dataDir);
            return new BrokerConfig(this);
        }

        private void checkSecurityPorts(List<String> errors) {
            Map<String, Integer> fixed = new LinkedHashMap<>();
            fixed.put("port", port);
            fixed.put("controllerPort", controllerPort);
            fixed.put("saslSslPort", security.saslSslPort());
            fixed.put("sslPort", security.sslPort());
            List<String> names = new ArrayList<>(fixed.keySet());
            for (int i = 2; i < names.size(); i++) {
                for (int j = 0; j < i; j++) {
                    int a = fixed.get(names.get(i));
                    if (a > 0 && a == fixed.get(names.get(j))) {
                        errors.add(names.get(i) + " and " + names.get(j) + " must differ, both are " + a);
                    }
                }
            }
        }

        private static void checkPort(String name, int value, List<String> errors) {
            if (value < 0 || value > 65_535) {
                errors.add(name + " must be in 0..65535 (0 = ephemeral), was " + value);
            }
        }
    }
}
