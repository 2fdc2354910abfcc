package dev.carbonledger.launcher.budgets;

import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTransfer;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BurnStatus;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.schemas.registry.SchemaRegistryClient;
import dev.carbonledger.schemas.serde.ConfluentAvroSerde;
import dev.carbonledger.schemas.topics.TopicNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes carbon budgets on Kafka, for the {@code carbon-ledger budgets} commands and anything else that
 * manages budgets (the standalone demo, replay):
 * <ul>
 *   <li>the budgets topic ({@link TopicNames#budgets()}, compacted, key = team; a tombstone deletes a budget),</li>
 *   <li>the budget status topic the streams app maintains ({@link TopicNames#budgetStatus()}, key = team),</li>
 *   <li>the transfers topic ({@link TopicNames#budgetTransfers()}, key = transfer id, kept forever: the audit trail).</li>
 * </ul>
 * Values are Avro in the Confluent wire format through the given registry (schemas registered on first write).
 * Reads go from the beginning to the end of the topic with manual assignment and {@code read_committed}, so a
 * transactional import is seen whole or not at all. Every write waits for the broker's acknowledgement
 * ({@code acks=all}, idempotent producer); {@link #importAll} writes in one transaction.
 *
 * <p>Topics are never created here: when one is missing, calls fail with {@link MissingTopicException}, which tells
 * the operator to run {@code carbon-ledger topics create}. Writing to a missing topic would otherwise let the broker
 * auto-create the budgets topic without compaction. Values are not validated here beyond what {@link BudgetSpec}
 * guarantees: transfers are checked by {@link TransferCheck} before {@link #transfer} is called.
 *
 * <p>Kafka clients are created on first use and closed by {@link #close()}; the registry client belongs to the
 * caller. Every blocking call is bounded by the timeout given at construction. Not thread-safe.
 */
public final class BudgetsClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOGGER = LoggerFactory.getLogger(BudgetsClient.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Properties client;
    private final TopicNames topics;
    private final Duration timeout;
    private final Serializer<Budget> budgetWriter;
    private final Deserializer<Budget> budgetReader;
    private final Deserializer<BudgetStatus> statusReader;
    private final Serializer<BudgetTransfer> transferWriter;
    private final Map<String, List<TopicPartition>> partitionsByTopic = new HashMap<>();
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;

    /** With {@link #DEFAULT_TIMEOUT}. */
    public BudgetsClient(Properties client, TopicNames topics, SchemaRegistryClient registry) {
        this(client, topics, registry, DEFAULT_TIMEOUT);
    }

    /**
     * @param client  Kafka client settings: {@code bootstrap.servers} and any security settings
     * @param timeout bound of every blocking call (metadata, reading to the end, a write's acknowledgement)
     */
    public BudgetsClient(Properties client, TopicNames topics, SchemaRegistryClient registry, Duration timeout) {
        this.client = copy(Objects.requireNonNull(client, "client"));
        this.topics = Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(registry, "registry");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        ConfluentAvroSerde<Budget> budgets = new ConfluentAvroSerde<>(registry, Budget.class, false);
        this.budgetWriter = budgets.serializer();
        this.budgetReader = budgets.deserializer();
        this.statusReader = new ConfluentAvroSerde<>(registry, BudgetStatus.class, false).deserializer();
        this.transferWriter = new ConfluentAvroSerde<>(registry, BudgetTransfer.class, false).serializer();
    }

    public TopicNames topics() {
        return topics;
    }

    /**
     * Every budget, by team (sorted). A record that cannot be decoded or holds an invalid budget is logged and
     * leaves its team without a budget (its latest value is unknown).
     */
    public Map<String, StoredBudget> readBudgets() {
        Map<String, StoredBudget> budgets = new TreeMap<>();
        readToEnd(topics.budgets(), r -> {
            if (r.value() == null) {
                budgets.remove(r.key());
                return;
            }
            try {
                Budget b = budgetReader.deserialize(r.topic(), r.value());
                budgets.put(r.key(), new StoredBudget(DomainRecords.budget(b), b.getUpdatedBy(), b.getUpdatedAt()));
            } catch (RuntimeException e) {
                budgets.remove(r.key());
                LOGGER.warn("unreadable budget record ignored topic={} partition={} offset={} team={} reason=\"{}\"",
                        r.topic(), r.partition(), r.offset(), r.key(), e.getMessage());
            }
        });
        return budgets;
    }

    /**
     * The latest burn status of each team: of its records, the one with the greatest period start (the streams app
     * writes a past period's status again when late data arrive). A team's status may be for a period that is
     * over, or for a period length its budget no longer has: callers check the period they need.
     */
    public Map<String, BurnStatus> readStatuses() {
        Map<String, BurnStatus> statuses = new TreeMap<>();
        readToEnd(topics.budgetStatus(), r -> {
            if (r.value() == null) {
                statuses.remove(r.key());
                return;
            }
            try {
                BurnStatus s = DomainRecords.status(statusReader.deserialize(r.topic(), r.value()));
                statuses.merge(r.key(), s, (old, fresh) -> fresh.periodStart() >= old.periodStart() ? fresh : old);
            } catch (RuntimeException e) {
                LOGGER.warn("unreadable budget status record ignored topic={} partition={} offset={} team={} reason=\"{}\"",
                        r.topic(), r.partition(), r.offset(), r.key(), e.getMessage());
            }
        });
        return statuses;
    }

    /** Writes the team's budget (replacing any earlier one) and waits for the acknowledgement. */
    public StoredBudget set(BudgetSpec spec, String updatedBy, Instant updatedAt) {
        StoredBudget stored = new StoredBudget(spec, updatedBy, updatedAt);
        String topic = topics.budgets();
        requireTopic(topic);
        send(topic, spec.team(), budgetWriter.serialize(topic, avro(stored)));
        return stored;
    }

    /** Writes a tombstone for the team's budget and waits for the acknowledgement. */
    public void delete(String team) {
        send(topics.budgets(), Objects.requireNonNull(team, "team"), null);
    }

    /**
     * Writes all the budgets in one Kafka transaction: consumers reading {@code read_committed} (the streams app,
     * {@link #readBudgets}) see all of them or none. On any failure the transaction is aborted and the exception
     * thrown. A transactional id of its own per call ({@code carbon-ledger-budgets-import-<uuid>}).
     */
    public void importAll(List<StoredBudget> budgets) {
        if (budgets.isEmpty()) {
            return;
        }
        String topic = topics.budgets();
        requireTopic(topic);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(budgets.size());
        for (StoredBudget b : budgets) {
            records.add(new ProducerRecord<>(topic, b.team(), budgetWriter.serialize(topic, avro(b))));
        }
        Properties p = producerProperties();
        String transactionalId = "carbon-ledger-budgets-import-" + UUID.randomUUID();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        // One batch in flight: the topic may have been created a moment ago (see ReplayProducer).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<String, byte[]> tx = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            tx.initTransactions();
            tx.beginTransaction();
            try {
                for (ProducerRecord<String, byte[]> r : records) {
                    tx.send(r);
                }
                // Flushes, and fails if any send failed.
                tx.commitTransaction();
            } catch (RuntimeException e) {
                abortQuietly(tx, e);
                throw e;
            }
            LOGGER.info("budgets imported count={} topic={} transactionalId={}", records.size(), topic, transactionalId);
        }
    }

    /**
     * Writes a transfer of part of {@code fromTeam}'s limit to {@code toTeam} for the period that contains
     * {@code requestedAt}, with a new transfer id, and waits for the acknowledgement. Check it first with
     * {@link TransferCheck}: the streams app dead-letters transfers that do not hold.
     */
    public BudgetTransfer transfer(String fromTeam, String toTeam, double amountGrams, String reason,
                                   String requestedBy, Instant requestedAt) {
        BudgetTransfer transfer = BudgetTransfer.newBuilder()
                .setTransferId(UUID.randomUUID().toString())
                .setFromTeam(fromTeam)
                .setToTeam(toTeam)
                .setAmountGrams(amountGrams)
                .setRequestedAt(requestedAt)
                .setRequestedBy(requestedBy)
                .setReason(reason)
                .build();
        String topic = topics.budgetTransfers();
        requireTopic(topic);
        send(topic, transfer.getTransferId(), transferWriter.serialize(topic, transfer));
        return transfer;
    }

    /**
     * Fails with {@link MissingTopicException} unless the topic exists.
     *
     * @throws TimeoutException when Kafka does not answer within the timeout
     */
    public void requireTopic(String topic) {
        partitions(topic);
    }

    private static Budget avro(StoredBudget b) {
        return DomainRecords.budget(b.spec(), b.updatedBy(), b.updatedAt());
    }

    /** Sends to a topic {@link #requireTopic checked} before, so that the broker cannot auto-create it. */
    private void send(String topic, String key, byte[] value) {
        requireTopic(topic);
        await(producer().send(new ProducerRecord<>(topic, key, value)), topic);
    }

    private void await(Future<RecordMetadata> acknowledgement, String topic) {
        try {
            RecordMetadata m = acknowledgement.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOGGER.debug("written topic={} partition={} offset={}", m.topic(), m.partition(), m.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing to " + topic, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new KafkaException("writing to " + topic + " failed: " + cause.getMessage(), cause);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("no acknowledgement from Kafka for a write to " + topic + " within " + timeout, e);
        }
    }

    private static void abortQuietly(KafkaProducer<String, byte[]> tx, RuntimeException failure) {
        try {
            tx.abortTransaction();
        } catch (RuntimeException abort) {
            failure.addSuppressed(abort);
        }
    }

    private void readToEnd(String topic, Consumer<ConsumerRecord<String, byte[]>> handler) {
        List<TopicPartition> partitions = partitions(topic);
        KafkaConsumer<String, byte[]> c = consumer();
        c.assign(partitions);
        c.seekToBeginning(partitions);
        // read_committed: the end is the last stable offset, so an open transaction's records are not waited for.
        Map<TopicPartition, Long> end = c.endOffsets(partitions, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        long records = 0;
        while (!reached(c, end)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("could not read " + topic + " to its end within " + timeout);
            }
            for (ConsumerRecord<String, byte[]> r : c.poll(POLL)) {
                records++;
                if (r.key() == null) {
                    LOGGER.warn("record without a key ignored topic={} partition={} offset={}", r.topic(), r.partition(), r.offset());
                    continue;
                }
                handler.accept(r);
            }
        }
        c.assign(List.of());
        LOGGER.debug("read to end topic={} records={}", topic, records);
    }

    private boolean reached(KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (c.position(e.getKey(), timeout) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private List<TopicPartition> partitions(String topic) {
        List<TopicPartition> known = partitionsByTopic.get(topic);
        if (known != null) {
            return known;
        }
        List<TopicPartition> partitions = consumer().partitionsFor(topic, timeout).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        if (partitions.isEmpty()) {
            throw new MissingTopicException(topic);
        }
        partitionsByTopic.put(topic, partitions);
        return partitions;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        if (consumer == null) {
            Properties p = copy(client);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
            p.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "carbon-ledger-budgets-reader");
            p.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
            p.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(requestTimeoutMillis()));
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        }
        return consumer;
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = producerProperties();
            p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private Properties producerProperties() {
        Properties p = copy(client);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "carbon-ledger-budgets-writer");
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(requestTimeoutMillis()));
        long request = Long.parseLong(p.getProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
        long linger = Long.parseLong(p.getProperty(ProducerConfig.LINGER_MS_CONFIG, "5"));
        // The producer refuses a delivery timeout below linger + request timeout.
        p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(Math.max(timeout.toMillis(), request + linger)));
        return p;
    }

    private long requestTimeoutMillis() {
        return Math.min(timeout.toMillis(), 30_000);
    }

    private static Properties copy(Properties source) {
        Properties p = new Properties();
        p.putAll(source);
        return p;
    }

    @Override
    public void close() {
        Duration closing = timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5);
        try {
            if (producer != null) {
                producer.close(closing);
            }
        } finally {
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(closing));
            }
        }
    }
}
