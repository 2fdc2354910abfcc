package dev.carbonledger.launcher.bench;

import dev.carbonledger.avro.EnergySample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once ceiling: the least a transactional pipeline must do per sample, on the same topic and with the
 * accounting app's client settings. Each of {@code threads} workers owns every {@code threads}-th partition, reads it
 * (read_committed, 2,000 records a poll), deserializes each sample as the topology must, produces one record of the
 * same key and size per input to an output topic, and every {@code commitInterval} commits its offsets and output in
 * one transaction ({@code sendOffsetsToTransaction} + {@code commitTransaction}), as Kafka Streams' exactly-once v2
 * does. The first {@code warmup} records are taken untimed (JIT), like the raw and topology phases; the rate is that
 * of the rest, until the last transaction committed.
 */
final class EosPipe {
    private static final Logger LOGGER = LoggerFactory.getLogger(EosPipe.class);
    private static final Duration DEADLINE = Duration.ofMinutes(15);

    private final String bootstrap;
    private final Map<String, String> client;
    private final String input;
    private final String output;
    private final String runId;
    private final int threads;
    private final Duration commitInterval;
    private final Supplier<Deserializer<EnergySample>> deserializers;

    /** @param client Kafka client settings (SASL, TLS ...) for every client of the pipe */
    EosPipe(String bootstrap, Map<String, String> client, String input, String output, String runId, int threads,
            Duration commitInterval, Supplier<Deserializer<EnergySample>> deserializers) {
        this.bootstrap = bootstrap;
        this.client = Map.copyOf(client);
        this.input = input;
        this.output = output;
        this.runId = runId;
        this.threads = threads;
        this.commitInterval = commitInterval;
        this.deserializers = deserializers;
    }

    /** Pipes every record of the input topic; returns the samples per second after the first {@code warmup}. */
    double run(long warmup, long expected) throws InterruptedException {
        List<TopicPartition> partitions = partitions();
        int workers = Math.min(threads, partitions.size());
        AtomicLong taken = new AtomicLong();
        AtomicLong timedFrom = new AtomicLong(-1);
        AtomicLong timedStart = new AtomicLong(warmup == 0 ? System.nanoTime() : 0);
        if (warmup == 0) {
            timedFrom.set(0);
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(workers);
        List<Thread> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            List<TopicPartition> own = new ArrayList<>();
            for (int i = w; i < partitions.size(); i += workers) {
                own.add(partitions.get(i));
            }
            Worker worker = new Worker(w, own, warmup, expected, taken, timedFrom, timedStart, failure);
            Thread thread = new Thread(() -> {
                try {
                    worker.run();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    finished.countDown();
                }
            }, "bench-eos-pipe-" + w);
            running.add(thread);
            thread.start();
        }
        finished.await();
        long end = System.nanoTime();
        if (failure.get() != null) {
            throw new IllegalStateException("exactly-once pipe failed: " + failure.get().getMessage(), failure.get());
        }
        double seconds = (end - timedStart.get()) / 1e9;
        long timed = taken.get() - timedFrom.get();
        LOGGER.info("event=bench_eos_pipe samples={} workers={} seconds={} samples_per_second={}", timed, workers,
                String.format("%.1f", seconds), Math.round(timed / seconds));
        return timed / seconds;
    }

    private List<TopicPartition> partitions() {
        Map<String, Object> conf = new HashMap<>(client);
        conf.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return c.partitionsFor(input).stream().map(p -> new TopicPartition(input, p.partition())).toList();
        }
    }

    /** One consumer and one transactional producer over a fixed set of partitions. */
    private final class Worker {
        private final int index;
        private final List<TopicPartition> own;
        private final long warmup;
        private final long expected;
        private final AtomicLong taken;
        private final AtomicLong timedFrom;
        private final AtomicLong timedStart;
        private final AtomicReference<Throwable> failure;

        Worker(int index, List<TopicPartition> own, long warmup, long expected, AtomicLong taken, AtomicLong timedFrom,
               AtomicLong timedStart, AtomicReference<Throwable> failure) {
            this.index = index;
            this.own = own;
            this.warmup = warmup;
            this.expected = expected;
            this.taken = taken;
            this.timedFrom = timedFrom;
            this.timedStart = timedStart;
            this.failure = failure;
        }

        void run() {
            Deserializer<EnergySample> samples = deserializers.get();
            long checksum = 0;
            try (KafkaConsumer<byte[], byte[]> consumer = consumer();
                 KafkaProducer<byte[], byte[]> producer = producer()) {
                producer.initTransactions();
                consumer.assign(own);
                consumer.seekToBeginning(own);
                producer.beginTransaction();
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                long lastCommit = System.nanoTime();
                long deadline = lastCommit + DEADLINE.toNanos();
                while (taken.get() < expected && failure.get() == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("piped only " + taken.get() + " of " + expected + " samples in "
                                + DEADLINE.toMinutes() + " min");
                    }
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        checksum += (long) samples.deserialize(r.topic(), r.value()).getEnergyJoules();
                        producer.send(new ProducerRecord<>(output, r.partition(), r.key(), r.value()));
                        offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    long now = taken.addAndGet(records.count());
                    if (now >= warmup && timedFrom.get() < 0 && timedFrom.compareAndSet(-1, now)) {
                        timedStart.set(System.nanoTime());
                    }
                    if (System.nanoTime() - lastCommit >= commitInterval.toNanos() || now >= expected) {
                        commit(producer, consumer, offsets);
                        lastCommit = System.nanoTime();
                    }
                }
                commit(producer, consumer, offsets);
                producer.abortTransaction();   // the empty transaction begun by the last commit
            }
            LOGGER.debug("event=bench_eos_pipe_worker index={} checksum={}", index, checksum);
        }

        private void commit(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer,
                            Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (!offsets.isEmpty()) {
                producer.sendOffsetsToTransaction(Map.copyOf(offsets), consumer.groupMetadata());
                offsets.clear();
            }
            producer.commitTransaction();
            producer.beginTransaction();
        }

        private KafkaConsumer<byte[], byte[]> consumer() {
            Map<String, Object> conf = new HashMap<>(client);
            conf.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            conf.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-eos-pipe-" + runId);
            conf.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            conf.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            conf.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);   // as the accounting app's consumers
            return new KafkaConsumer<>(conf, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        private KafkaProducer<byte[], byte[]> producer() {
            Map<String, Object> conf = new HashMap<>(client);
            conf.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            conf.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-eos-pipe-" + runId + "-" + index);
            conf.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            conf.put(ProducerConfig.ACKS_CONFIG, "all");
            // The accounting app's producer settings (AccountingApp), so the two differ only in the work per sample.
            conf.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            conf.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            conf.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
            return new KafkaProducer<>(conf, new ByteArraySerializer(), new ByteArraySerializer());
        }
    }
}
