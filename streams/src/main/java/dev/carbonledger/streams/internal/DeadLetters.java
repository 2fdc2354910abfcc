package dev.carbonledger.streams.internal;

import dev.carbonledger.schemas.registry.SchemaRegistryException;
import dev.carbonledger.streams.AccountingMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' dead-letter queue (KIP-1034), with a counter, built on Kafka's own handlers: they log the failure
 * with its stack trace and write the record to the topic configured in {@code errors.dead.letter.queue.topic.name}
 * with its original key and value and the headers of KIP-1034 ({@code __streams.errors.exception}, {@code .message}
 * (the reason), {@code .stacktrace}, {@code .topic}, {@code .partition}, {@code .offset}). Only deserialization
 * failures and {@link InvalidInputException}s (invalid samples, budgets and transfers) are dead-lettered; any other
 * processing exception is a bug and stops the client loudly (Kafka's log-and-fail handler). A record that cannot be
 * read because the schema registry is unavailable is not dead-lettered: the thread fails and reads it again. Records of the reference
 * topics take {@link ReferenceDeadLetters} instead: Kafka cannot send dead-letter records from its global thread.
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

    private static AccountingMetrics metricsFrom(Map<String, ?> configs) {
        Object m = configs.get(METRICS_CONFIG);
        return m instanceof AccountingMetrics am ? am : new AccountingMetrics();
    }

    /** Records that cannot be deserialized: dead-lettered by Kafka's log-and-continue handler, and counted. */
    public static final class Deserialization extends LogAndContinueExceptionHandler {
        private AccountingMetrics metrics = new AccountingMetrics();
        private ReferenceDeadLetters referenceDeadLetters;

        @Override
        public void configure(Map<String, ?> configs) {
            super.configure(configs);
            metrics = metricsFrom(configs);
            referenceDeadLetters = configs.get(ReferenceDeadLetters.CONFIG) instanceof ReferenceDeadLetters r ? r : null;
        }

        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception e) {
            if (SchemaRegistryException.unavailableIn(e)) {
                // The record may be perfectly good: stop this thread instead (the transaction aborts, nothing is
                // committed past it) and read it again once the registry answers; see AccountingApp.onUncaught.
                LOGGER.error("event=schema_registry_unavailable topic={} partition={} offset={} action=retry_record "
                        + "consequence=\"not dead-lettered: read again once the registry answers\" reason=\"{}\"",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                return Response.fail();
            }
            metrics.increment(AccountingMetrics.Counter.DEAD_LETTERED_DESERIALIZATION);
            if (referenceDeadLetters != null && referenceDeadLetters.covers(record.topic())) {
                LOGGER.warn("event=dead_lettered kind=deserialization topic={} partition={} offset={} reason=\"{}\"",
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                referenceDeadLetters.deadLetter(record.topic(), record.partition(), record.offset(), record.key(),
                        record.value(), e.getClass().getName(), String.valueOf(e.getMessage()), e);
                return Response.resume(List.of());
            }
            return super.handleError(context, record, e);
        }
    }

    /**
     * Records violating their schema's meaning ({@link InvalidInputException}): dead-lettered by Kafka's
     * log-and-continue handler, and counted; any other exception goes to Kafka's log-and-fail handler.
     */
    public static final class Processing implements ProcessingExceptionHandler {
        private final LogAndContinueProcessingExceptionHandler continuing = new LogAndContinueProcessingExceptionHandler();
        private final LogAndFailProcessingExceptionHandler failing = new LogAndFailProcessingExceptionHandler();
        private AccountingMetrics metrics = new AccountingMetrics();

        @Override
        public void configure(Map<String, ?> configs) {
            continuing.configure(configs);
            failing.configure(configs);
            metrics = metricsFrom(configs);
        }

        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception e) {
            if (!(e instanceof InvalidInputException)) {
                return failing.handleError(context, record, e);   // logs at ERROR with the stack trace; the client stops
            }
            metrics.increment(AccountingMetrics.Counter.DEAD_LETTERED_INVALID);
            return continuing.handleError(context, record, e);   // logs the record's origin and the reason
        }
    }
}
