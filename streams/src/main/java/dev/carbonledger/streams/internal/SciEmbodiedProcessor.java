package dev.carbonledger.streams.internal;

import dev.carbonledger.streams.AccountingMetrics;
import dev.carbonledger.streams.AccountingMetrics.Counter;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.accounting.Attribution.NodeRef;
import dev.carbonledger.streams.sci.EmbodiedShare;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The M of SCI (key = node): sums each node's measured joules and operational grams per model and window from every
 * accounting task's flush, and shares the node's embodied grams of the window ({@code embodiedGramsPerHour} of its
 * {@code NodeInfo} × the window's hours) among those models by their share of the node's joules. Forwards each
 * affected model's whole contribution from this node ({@link SciInput.NodeShare}, a value that replaces the previous
 * one) to the {@code sci-parts} repartition topic (key = model).
 */
public final class SciEmbodiedProcessor implements Processor<String, SciInput, String, Object> {
    private static final Logger LOGGER = LoggerFactory.getLogger(SciEmbodiedProcessor.class);

    private final AccountingOptions options;
    private final AccountingMetrics metrics;
    private final StoreNames names;
    private final String child;
    private final SciWindowRules rules;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> windows;
    private ReferenceStore<NodeRef> nodes;
    private long streamTime = Long.MIN_VALUE;
    private long lastScan = Long.MIN_VALUE;

    public SciEmbodiedProcessor(AccountingOptions options, AccountingMetrics metrics, StoreNames names, String child) {
        this.options = options;
        this.metrics = metrics;
        this.names = names;
        this.child = child;
        this.rules = new SciWindowRules(options);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.windows = context.getStateStore(names.sciNodeWindows());
        this.nodes = context.getStateStore(names.nodes());
    }

    @Override
    public void process(Record<String, SciInput> record) {
        if (!(record.value() instanceof SciInput.NodeEnergy e)) {
            return;
        }
        if (record.timestamp() > streamTime) {
            streamTime = record.timestamp();
            maybeDropExpired();
        }
        if (rules.expired(e.windowStart(), streamTime)) {
            metrics.increment(Counter.SCI_LATE_DROPPED);
            LOGGER.warn("event=sci_late_energy_dropped node={} model={} windowStart={} streamTime={} joules={}"
                    + " reason=window_state_expired", e.node(), e.model(), e.windowStart(), streamTime, e.joules());
            return;
        }
        String key = SciState.key(e.node(), e.windowStart());
        byte[] stored = windows.get(key);
        SciState.NodeWindow w = stored == null ? new SciState.NodeWindow() : SciState.NodeWindow.decode(stored);
        double[] sums = w.models.computeIfAbsent(e.model(), m -> new double[2]);
        sums[0] += e.joules();
        sums[1] += e.grams();
        windows.put(key, w.encode());

        NodeRef node = nodes.get(e.node());
        double nodeGrams = node == null ? 0
                : EmbodiedShare.nodeWindowGrams(node.embodiedOrZero(), options.windowMillis());
        Map<String, Double> joules = new LinkedHashMap<>();
        w.models.forEach((model, v) -> joules.put(model, v[0]));
        Map<String, Double> embodied = EmbodiedShare.share(nodeGrams, joules);
        // Without embodied data the other models' contributions did not change: only the updated one is sent.
        for (Map.Entry<String, double[]> m : w.models.entrySet()) {
            if (nodeGrams > 0 || m.getKey().equals(e.model())) {
                context.forward(new Record<String, Object>(m.getKey(), new SciInput.NodeShare(m.getKey(),
                        e.windowStart(), e.node(), m.getValue()[0], m.getValue()[1], embodied.get(m.getKey()),
                        e.eventTime()), record.timestamp()), child);
            }
        }
    }

    private void maybeDropExpired() {
        if (!options.windowsClose() || (lastScan != Long.MIN_VALUE && streamTime - lastScan < rules.scanMillis())) {
            return;
        }
        lastScan = streamTime;
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = windows.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (rules.expired(SciState.windowStartOf(kv.key), streamTime)) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(windows::delete);
    }
}
