package dev.carbonledger.streams.internal;

import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import dev.carbonledger.domain.intensity.AccountingSignal;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.streams.AccountingMetrics;
import dev.carbonledger.streams.accounting.Attribution.NodeRef;
import dev.carbonledger.streams.accounting.Attribution.PodRef;
import dev.carbonledger.domain.intensity.IntensityTimeline;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The global processors that decode reference topics into {@link ReferenceStore}s. */
public final class ReferenceUpdaters {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReferenceUpdaters.class);

    private ReferenceUpdaters() {}

    /** carbon.pods: pod uid → (namespace, team, model); a tombstone deletes. */
    public static ProcessorSupplier<String, PodMetadata, Void, Void> pods(String storeName, AccountingMetrics metrics,
                                                                         ReferenceDeadLetters deadLetters) {
        return () -> new Processor<>() {
            private ReferenceStore<PodRef> store;

            private ProcessorContext<Void, Void> context;

            @Override
            public void init(ProcessorContext<Void, Void> context) {
                this.context = context;
                store = context.getStateStore(storeName);
            }

            @Override
            public void process(Record<String, PodMetadata> record) {
                PodMetadata pod = record.value();
                if (pod == null) {
                    store.delete(record.key());
                    return;
                }
                String uid = pod.getPodUid() == null || pod.getPodUid().isEmpty() ? record.key() : pod.getPodUid();
                if (uid == null || uid.isEmpty()) {
                    metrics.increment(AccountingMetrics.Counter.REFERENCE_REJECTED);
                    LOGGER.warn("event=pod_metadata_rejected reason=empty_pod_uid namespace={} name={}",
                            pod.getNamespace(), pod.getName());
                    reject(context, deadLetters, record.key(), "pod metadata without a pod uid (namespace "
                            + pod.getNamespace() + ", name " + pod.getName() + ")");
                    return;
                }
                store.put(uid, PodRef.of(pod.getNamespace(), pod.getTeam(), pod.getModel()));
            }
        };
    }

    /** carbon.nodes: node → (zone, PUE); a tombstone deletes. */
    public static ProcessorSupplier<String, NodeInfo, Void, Void> nodes(String storeName, AccountingMetrics metrics,
                                                                       ReferenceDeadLetters deadLetters) {
        return () -> new Processor<>() {
            private ReferenceStore<NodeRef> store;

            private ProcessorContext<Void, Void> context;

            @Override
            public void init(ProcessorContext<Void, Void> context) {
                this.context = context;
                store = context.getStateStore(storeName);
            }

            @Override
            public void process(Record<String, NodeInfo> record) {
                NodeInfo node = record.value();
                if (node == null) {
                    store.delete(record.key());
                    return;
                }
                String name = node.getNode() == null || node.getNode().isEmpty() ? record.key() : node.getNode();
                Double pue = node.getPue();
                if (name == null || name.isEmpty() || (pue != null && !(Double.isFinite(pue) && pue > 0))) {
                    metrics.increment(AccountingMetrics.Counter.REFERENCE_REJECTED);
                    LOGGER.warn("event=node_info_rejected node={} pue={} reason=empty_node_or_invalid_pue", name, pue);
                    reject(context, deadLetters, record.key(), name == null || name.isEmpty() ? "node info without a node name"
                            : "node " + name + ": PUE must be a positive finite number, got " + pue);
                    return;
                }
                String zone = node.getZone() == null || node.getZone().isBlank() ? "unknown" : node.getZone();
                Double embodied = node.getEmbodiedGramsPerHour();
                if (embodied != null && !(Double.isFinite(embodied) && embodied >= 0)) {
                    LOGGER.warn("event=node_embodied_ignored node={} embodiedGramsPerHour={} reason=not_a_finite_non_negative_number",
                            name, embodied);
                    embodied = null;
                }
                store.put(name, new NodeRef(zone, pue, embodied));
            }
        };
    }

    /**
     * carbon.intensity: zone → step function of the accounting signal (rule 5); the last record for a (zone, from)
     * wins. Records of the other signal never enter the ledger: they are counted and left to policy and the exporter.
     */
    public static ProcessorSupplier<String, IntensityRecord, Void, Void> intensity(String storeName, double defaultIntensity,
                                                                                AccountingSignal accountingSignal,
                                                                                AccountingMetrics metrics,
                                                                                ReferenceDeadLetters deadLetters) {
        return () -> new Processor<>() {
            private ReferenceStore<IntensityTimeline> store;

            private ProcessorContext<Void, Void> context;

            @Override
            public void init(ProcessorContext<Void, Void> context) {
                this.context = context;
                store = context.getStateStore(storeName);
            }

            @Override
            public void process(Record<String, IntensityRecord> record) {
                IntensityRecord r = record.value();
                if (r == null) {
                    return; // the topic is an append-only history; a tombstone has no meaning here
                }
                if (!accountingSignal.entersLedger(DomainRecords.signal(r.getSignal()))) {
                    metrics.increment(AccountingMetrics.Counter.INTENSITY_OTHER_SIGNAL);
                    return;
                }
                String zone = r.getZone() == null || r.getZone().isEmpty() ? record.key() : r.getZone();
                double value = r.getGCo2ePerKwh();
                if (zone == null || zone.isEmpty() || !Double.isFinite(value) || value < 0) {
                    metrics.increment(AccountingMetrics.Counter.REFERENCE_REJECTED);
                    LOGGER.warn("event=intensity_rejected zone={} from={} gCo2ePerKwh={} reason=empty_zone_or_invalid_value",
                            zone, r.getFrom(), value);
                    reject(context, deadLetters, record.key(), zone == null || zone.isEmpty() ? "intensity without a zone"
                            : "intensity of " + zone + " from " + r.getFrom() + " must be a finite number >= 0, got " + value);
                    return;
                }
                store.computeIfAbsent(zone, z -> new IntensityTimeline(defaultIntensity)).put(r.getFrom().toEpochMilli(), value);
            }
        };
    }

    /**
     * Dead-letters a reference record that cannot be used: the reason and the origin (topic, partition, offset, where
     * the record itself still is); the decoded record is not re-encoded.
     */
    private static void reject(ProcessorContext<Void, Void> context, ReferenceDeadLetters deadLetters, String key,
                               String reason) {
        if (deadLetters == null) {
            return;
        }
        context.recordMetadata().ifPresent(m -> deadLetters.deadLetter(m.topic(), m.partition(), m.offset(),
                key == null ? null : key.getBytes(java.nio.charset.StandardCharsets.UTF_8), null,
                InvalidInputException.class.getName(), reason, null));
    }
}
