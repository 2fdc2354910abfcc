package dev.carbonledger.sinks.internal;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/** Puts back what a poll returned from a record on, so that the next poll reads it again. */
public final class Rewind {
    private Rewind() {}

    /**
     * Seeks {@code failed} back to {@code offset}, and every partition that comes after it in the poll (records are
     * handled partition by partition, in {@link ConsumerRecords#partitions()} order) to its first record.
     */
    public static void from(Consumer<?, ?> consumer, ConsumerRecords<?, ?> records, TopicPartition failed, long offset) {
        boolean after = false;
        for (TopicPartition tp : records.partitions()) {
            if (tp.equals(failed)) {
                consumer.seek(tp, offset);
                after = true;
            } else if (after) {
                consumer.seek(tp, records.records(tp).get(0).offset());
            }
        }
    }
}
