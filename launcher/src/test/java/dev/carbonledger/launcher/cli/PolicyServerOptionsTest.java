package dev.carbonledger.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.schemas.topics.TopicNames;
import dev.carbonledger.sinks.policy.PolicyServerConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The policy server's rate limit: 100 a second by default, none on loopback (standalone) unless one is given. */
class PolicyServerOptionsTest {
    @Command(name = "test")
    static final class Holder {
        @Mixin
        PolicyServerOptions policy;
    }

    @Test
    void shouldLimitByDefaultButNotOnLoopbackUnlessALimitIsGiven() {
        PolicyServerOptions defaults = parse();
        assertThat(build(defaults.applyTo(builder())).requestsPerSecond()).isEqualTo(100);
        assertThat(build(defaults.applyToLoopback(builder())).requestsPerSecond()).isZero();

        PolicyServerOptions given = parse("--policy-rate-limit", "7");
        assertThat(build(given.applyTo(builder())).requestsPerSecond()).isEqualTo(7);
        assertThat(build(given.applyToLoopback(builder())).requestsPerSecond()).isEqualTo(7);
    }

    private static PolicyServerOptions parse(String... args) {
        Holder holder = new Holder();
        new CommandLine(holder).parseArgs(args);
        return holder.policy;
    }

    private static PolicyServerConfig.Builder builder() {
        return PolicyServerConfig.builder("127.0.0.1:9092").topics(TopicNames.defaults());
    }

    private static PolicyServerConfig build(PolicyServerConfig.Builder builder) {
        return builder.build();
    }
}
