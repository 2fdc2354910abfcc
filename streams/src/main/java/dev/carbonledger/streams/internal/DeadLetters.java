package dev.carbonledger.streams.internal;

import dev.carbonledger.streams.AccountingMetrics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' dead-letter queue (KIP-1034), with a counter. Records land on the topic configured in
 * {@code errors.dead.letter.queue.topic.name} with their original key and value and the headers of KIP-1034
 * ({@code __streams.errors.exception}, {@code .message} (the reason), {@code .topic}, {@code .partition},
 * {@code .offset}). Only deserialization failures and {@link InvalidInputException}s (invalid samples, budgets and
 * transfers) are dead-lettered;
 * any other processing exception is a bug and stops the client loudly.
 */
public final class DeadLetters {
    /** Config key under which the {@link AccountingMetrics} instance is passed to the handlers. */
    public static final String METRICS_CONFIG = "carbonledger.accounting.metrics";
    public static final String HEADER_EXCEPTION = "__streams.errors.exception";
    public static final String HEADER_MESSAGE = "__streams.errors.message";
    public static final String HEADER_TOPIC = "__streams.errors.topic";
    public static final String HEADER_PARTITION = "__streams.errors.partition";
    public static final String HEADER_OFFSET = "__streams.errors.offset";

    private static final Logger LOGGER = LoggerFactory.getLogger(DeadLetters.class);

    private DeadLetters() {}

    static List<ProducerRecord<byte[], byte[]>> record(String dlqTopic, byte[] key, byte[] value, String sourceTopic,
                                                       int partition, long offset, Exception e) {
        if (dlqTopic == null || dlqTopic.isEmpty()) {
            return List.of();
        }
        Headers headers = new RecordHeaders();
        headers.add(HEADER_EXCEPTION, utf8(e.getClass().getName()));
        headers.add(HEADER_MESSAGE, utf8(String.valueOf(e.getMessage())));
        headers.add(HEADER_TOPIC, utf8(sourceTopic));
        headers.add(HEADER_PARTITION, utf8(Integer.toString(partition)));
        headers.add(HEADER_OFFSET, utf8(Long.toString(offset)));
        return List.of(new ProducerRecord<>(dlqTopic, null, key, value, headers));
    }

    private static byte[] utf8(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    private static AccountingMetrics metricsFrom(Map<String, ?> configs) {
        Object m = configs.get(METRICS_CONFIG);
        return m instanceof AccountingMetrics am ? am : new AccountingMetrics();
    }

    private static String dlqTopicFrom(Map<String, ?> configs) {
        Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        return t == null ? null : t.toString();
    }

    /**
     * Records that cannot be deserialized: dead-lettered, counted, processing continues. Records of the reference
     * topics (read by the global thread, which cannot send dead-letter records) go through
     * {@link ReferenceDeadLetters} instead.
     */
    public static final class Deserialization implements DeserializationExceptionHandler {
        private AccountingMetrics metrics = new AccountingMetrics();
        private String dlqTopic;
        private ReferenceDeadLetters referenceDeadLetters;

        @Override
        public void configure(Map<String, ?> configs) {
            metrics = metricsFrom(configs);
            dlqTopic = dlqTopicFrom(configs);
            referenceDeadLetters = configs.get(ReferenceDeadLetters.CONFIG) instanceof ReferenceDeadLetters r ? r : null;
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception e) {
            metrics.increment(AccountingMetrics.Counter.DEAD_LETTERED_DESERIALIZATION);
            LOGGER.warn("event=dead_lettered kind=deserialization topic={} partition={} offset={} reason=\"{}\"",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            if (referenceDeadLetters != null && referenceDeadLetters.covers(record.topic())) {
                referenceDeadLetters.deadLetter(record.topic(), record.partition(), record.offset(), record.key(),
                        record.value(), e.getClass().getName(), String.valueOf(e.getMessage()), e);
                return Response.resume(List.of());
            }
            return Response.resume(record(dlqTopic, record.key(), record.value(), record.topic(), record.partition(),
                    record.offset(), e));
        }
    }

    /** Records violating their schema's meaning: dead-lettered, counted; any other exception fails the client. */
    public static final class Processing implements ProcessingExceptionHandler {
        private AccountingMetrics metrics = new AccountingMetrics();
        private String dlqTopic;

        @Override
        public void configure(Map<String, ?> configs) {
            metrics = metricsFrom(configs);
            dlqTopic = dlqTopicFrom(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception e) {
            if (!(e instanceof InvalidInputException)) {
                LOGGER.error("event=processing_failed processor={} topic={} partition={} offset={}",
                        context.processorNodeId(), context.topic(), context.partition(), context.offset(), e);
                return Response.fail();
            }
            metrics.increment(AccountingMetrics.Counter.DEAD_LETTERED_INVALID);
            LOGGER.warn("event=dead_lettered kind={} topic={} partition={} offset={} reason=\"{}\"",
                    e instanceof InvalidBudgetException ? "invalid_budget" : "invalid_sample", context.topic(),
                    context.partition(), context.offset(), e.getMessage());
            return Response.resume(record(dlqTopic, context.sourceRawKey(), context.sourceRawValue(), context.topic(),
                    context.partition(), context.offset(), e));
        }
    }
}
