package dev.carbonledger.launcher.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a help text shows of a default taken from the environment. */
class EnvironmentDefaultsMaskingTest {

    @Test
    void shouldMaskPasswordsInUrlsAndKafkaPropertiesAndWholeSecretOptions() {
        assertThat(EnvironmentDefaults.masked("--schema-registry-url", "https://sr-user:s3cret@registry.example:8081/"))
                .isEqualTo("https://sr-user:****@registry.example:8081/");
        assertThat(EnvironmentDefaults.masked("--kafka-property",
                "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"c\" password=\"s3cret\";"))
                .isEqualTo("sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"c\" password=\"****\";");
        assertThat(EnvironmentDefaults.masked("--kafka-property", "ssl.keystore.password=s3cret"))
                .isEqualTo("ssl.keystore.password=****");
        assertThat(EnvironmentDefaults.masked("--kafka-property", "basic.auth.user.info=u:s3cret"))
                .isEqualTo("basic.auth.user.info=****");
        assertThat(EnvironmentDefaults.masked("--policy-token", "s3cret")).isEqualTo("****");
        assertThat(EnvironmentDefaults.masked("--bootstrap-servers", "kafka-1:9092,kafka-2:9092"))
                .isEqualTo("kafka-1:9092,kafka-2:9092");
    }

    @Test
    void shouldGiveTheRealValueOutsideHelp() {
        EnvironmentDefaults defaults = new EnvironmentDefaults(java.util.Map.of(
                "CARBON_LEDGER_SCHEMA_REGISTRY_URL", "https://u:s3cret@sr:8081"));
        picocli.CommandLine.Model.OptionSpec option = picocli.CommandLine.Model.OptionSpec
                .builder("--schema-registry-url").type(String.class).build();

        assertThat(defaults.defaultValue(option)).isEqualTo("https://u:s3cret@sr:8081");
        assertThat(EnvironmentDefaults.renderingHelp(() -> defaults.defaultValue(option))).isEqualTo("https://u:****@sr:8081");
    }

    @Test
    void shouldSeeAnOptionSetThroughItsFileVariant() {
        EnvironmentDefaults defaults = new EnvironmentDefaults(java.util.Map.of(
                "CARBON_LEDGER_SCHEMA_REGISTRY_URL_FILE", "/run/secrets/registry-url", "CARBON_LEDGER_TOPIC_PREFIX", " "));

        assertThat(defaults.provides("--schema-registry-url")).isTrue();
        assertThat(defaults.provides("--topic-prefix")).as("blank is not set").isFalse();
        assertThat(defaults.provides("--bootstrap-servers")).isFalse();
    }
}
