package dev.carbonledger.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The secure broker's listeners and authorizer, with plain clients: who is who, and who may do what. */
class SecureKafkaBrokerIT {

    @RegisterExtension
    static final SecureKafkaBrokerExtension KAFKA = new SecureKafkaBrokerExtension("writer", "reader");

    @BeforeAll
    static void grant() throws Exception {
        SecureKafkaBroker broker = KAFKA.broker();
        broker.createTopic("secure.events", 1);
        broker.admin().createAcls(List.of(
                acl("User:writer", ResourceType.TOPIC, "secure.events", AclOperation.WRITE),
                acl("User:reader", ResourceType.TOPIC, "secure.events", AclOperation.READ),
                acl("User:reader", ResourceType.GROUP, "reader-group", AclOperation.READ)))
                .all().get(30, TimeUnit.SECONDS);
    }

    @Test
    void shouldAuthenticateScramUsersAndCertificatesAsTheirOwnPrincipals() throws Exception {
        // Given writer over SASL_SSL, reader over mutual TLS (its certificate DN mapped to User:reader)
        try (KafkaProducer<String, String> producer = producer(KAFKA.broker().saslClientProperties("writer"))) {
            // When
            producer.send(new ProducerRecord<>("secure.events", "k", "over-sasl-ssl")).get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> reader = new HashMap<>(KAFKA.broker().mtlsClientProperties("reader"));
        reader.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-group");
        reader.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(reader, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("secure.events"));
            List<String> values = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            // Then
            assertThat(values).containsExactly("over-sasl-ssl");
        }
    }

    @Test
    void shouldDenyAPrincipalWithoutAnAclWhateverItsListener() {
        // reader may not write, over either listener. Not idempotent: an idempotent producer of a principal
        // that may write nowhere is already refused its producer id (ClusterAuthorizationException).
        for (Map<String, Object> base : List.of(KAFKA.broker().saslClientProperties("reader"),
                KAFKA.broker().mtlsClientProperties("reader"))) {
            Map<String, Object> props = new HashMap<>(base);
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            props.put(ProducerConfig.ACKS_CONFIG, "1");
            try (KafkaProducer<String, String> producer = producer(props)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("secure.events", "k", "v"))
                        .get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void shouldFailAuthenticationWithAWrongPassword() {
        Map<String, Object> props = new HashMap<>(KAFKA.broker().saslClientProperties("writer", "not-the-password"));
        try (Admin admin = Admin.create(props)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class)
                    .cause().hasMessageContaining("Authentication failed")
                    .hasMessageNotContaining("not-the-password");
        }
    }

    @Test
    void shouldRefuseAClientWithoutACertificateOnTheMutualTlsListener() {
        Map<String, Object> props = new HashMap<>(KAFKA.broker().mtlsClientProperties("writer"));
        props.keySet().removeIf(k -> k.startsWith("ssl.keystore") || k.equals("ssl.key.password"));
        try (Admin admin = Admin.create(props)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SslAuthenticationException.class);
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> base) {
        Map<String, Object> props = new HashMap<>(base);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 25_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static AclBinding acl(String principal, ResourceType type, String name, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}
