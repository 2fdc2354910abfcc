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
import org.apache.kafka.streams.processor.PunctuationType;
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
 * {@code NodeInfo} × the window's hours) among those models by their share of the node's joules. Every
 * {@code flushInterval} it forwards, for each node window that changed, the change of every model's contribution from
 * this node since what it sent before ({@link SciInput.NodeShare}) to the {@code sci-parts} repartition topic
 * (key = model): at most one record per (node, model) per interval, however many accounting tasks sent energy. What
 * was sent and the "changed" mark are kept in the store, so nothing is sent twice or lost across a restart.
 */
public final class SciEmbodiedProcessor implements Processor<String, SciInput, String, Object> {
    private static final Logger LOGGER = LoggerFactory.getLogger(SciEmbodiedProcessor.class);

    private final AccountingOptions options;
    private final AccountingMetrics metrics;
    private final StoreNames names;
    private final String child;
    private final SciWindowRules rules;
    /** Keys of node windows with shares not yet forwarded; rebuilt from the store's marks on the first tick. */
    private final PendingWindows pending = new PendingWindows();
    private AccountingMetrics.TaskProgress progress;

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
        context.schedule(options.flushInterval(), PunctuationType.WALL_CLOCK_TIME, now -> forwardShares(now));
        // Registered like the accounting tasks, so that draining (replay, bench, tests) waits for this stage too.
        this.progress = metrics.registerAccountingTask(this);
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
        double[] sums = w.models.computeIfAbsent(e.model(), m -> new double[SciState.MODEL_FIELDS]);
        sums[0] += e.joules();
        sums[1] += e.grams();
        w.pending = true;
        w.timestamp = Math.max(w.timestamp, record.timestamp());
        windows.put(key, w.encode());
        if (pending.add(key)) {
            progress.markPending();
        }
    }

    /** Forwards every model's share of each changed node window, with the node's embodied data as it is now. */
    private void forwardShares(long now) {
        for (String key : pending.keys(windows, value -> SciState.NodeWindow.decode(value).pending)) {
            byte[] stored = windows.get(key);
            if (stored == null) {
                continue; // expired meanwhile
            }
            SciState.NodeWindow w = SciState.NodeWindow.decode(stored);
            String node = key.substring(0, key.lastIndexOf('@'));
            long windowStart = SciState.windowStartOf(key);
            NodeRef ref = nodes.get(node);
            double nodeGrams = ref == null ? 0
                    : EmbodiedShare.nodeWindowGrams(ref.embodiedOrZero(), options.windowMillis());
            Map<String, Double> joules = new LinkedHashMap<>();
            w.models.forEach((model, v) -> joules.put(model, v[0]));
            Map<String, Double> embodied = EmbodiedShare.share(nodeGrams, joules);
            for (Map.Entry<String, double[]> m : w.models.entrySet()) {
                double[] v = m.getValue();
                double share = embodied.get(m.getKey());
                double dJoules = v[0] - v[2];
                double dGrams = v[1] - v[3];
                double dEmbodied = share - v[4];
                if (dJoules == 0 && dGrams == 0 && dEmbodied == 0) {
                    continue; // this model's contribution from the node did not change
                }
                v[2] = v[0];
                v[3] = v[1];
                v[4] = share;
                context.forward(new Record<String, Object>(m.getKey(), new SciInput.NodeShare(m.getKey(), windowStart,
                        node, dJoules, dGrams, dEmbodied, w.timestamp), w.timestamp), child);
            }
            w.pending = false;
            windows.put(key, w.encode());
        }
        progress.markFlushed(now, !pending.isEmpty());
        pending.clear();
    }

    @Override
    public void close() {
        metrics.unregisterAccountingTask(this);
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
