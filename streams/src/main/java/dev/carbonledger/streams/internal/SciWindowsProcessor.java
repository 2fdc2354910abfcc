package dev.carbonledger.streams.internal;

import dev.carbonledger.avro.SciWindow;
import dev.carbonledger.streams.AccountingMetrics;
import dev.carbonledger.streams.AccountingMetrics.Counter;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.sci.SciParts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * Joins a model's parts per window (key = model): its energy, operational and embodied grams (the sums of the
 * {@link SciInput.NodeShare} changes of all its nodes) and the functional units per unit ({@link SciInput.Units},
 * summed), and publishes one {@link SciWindow} per (model, unit, window): the windows that changed every
 * {@code flushInterval} ({@code final=false}; the "changed" mark is kept in the store, so a restart publishes them
 * too), and once more when the window closes ({@code final=true}), like the rollups. Changes to a closed window (late
 * data, kept for {@link SciWindowRules#LATE_RETENTION}) are republished at once as corrected final values and counted.
 */
public final class SciWindowsProcessor implements Processor<String, SciInput, String, Object> {
    private static final Logger LOGGER = LoggerFactory.getLogger(SciWindowsProcessor.class);

    private final AccountingOptions options;
    private final AccountingMetrics metrics;
    private final StoreNames names;
    private final String child;
    private final SciWindowRules rules;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> windows;
    private long streamTime = Long.MIN_VALUE;
    private long lastScan = Long.MIN_VALUE;
    /** Keys of open windows changed since they were last published; rebuilt from the store's marks on the first tick. */
    private final PendingWindows pending = new PendingWindows();
    private AccountingMetrics.TaskProgress progress;

    public SciWindowsProcessor(AccountingOptions options, AccountingMetrics metrics, StoreNames names, String child) {
        this.options = options;
        this.metrics = metrics;
        this.names = names;
        this.child = child;
        this.rules = new SciWindowRules(options);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.windows = context.getStateStore(names.sciWindows());
        context.schedule(options.flushInterval(), PunctuationType.WALL_CLOCK_TIME, now -> publishChanged(now));
        // Registered like the accounting tasks, so that draining (replay, bench, tests) waits for this stage too.
        this.progress = metrics.registerAccountingTask(this);
    }

    @Override
    public void process(Record<String, SciInput> record) {
        SciInput input = record.value();
        if (input == null) {
            return;
        }
        if (record.timestamp() > streamTime) {
            streamTime = record.timestamp();
            maybeCloseWindows();
        }
        String model;
        long windowStart;
        long eventTime;
        if (input instanceof SciInput.NodeShare s) {
            model = s.model();
            windowStart = s.windowStart();
            eventTime = s.eventTime();
        } else if (input instanceof SciInput.Units u) {
            model = u.model();
            windowStart = u.windowStart();
            eventTime = u.eventTime();
        } else {
            return;
        }
        if (rules.expired(windowStart, streamTime)) {
            metrics.increment(Counter.SCI_LATE_DROPPED);
            LOGGER.warn("event=sci_late_input_dropped model={} windowStart={} streamTime={} input={}"
                    + " reason=window_state_expired", model, windowStart, streamTime, input);
            return;
        }
        String key = SciState.key(model, windowStart);
        byte[] stored = windows.get(key);
        SciState.ModelWindow w = stored == null ? new SciState.ModelWindow() : SciState.ModelWindow.decode(stored);
        if (!w.closed && rules.closed(windowStart, streamTime)) {
            w.closed = true; // late before its window was ever seen open here: its first value is already final
        }
        if (input instanceof SciInput.NodeShare s) {
            w.joules += s.joules();
            w.operationalGrams += s.grams();
            w.embodiedGrams += s.embodiedGrams();
        } else {
            SciInput.Units u = (SciInput.Units) input;
            w.units.merge(u.unit(), u.units(), Double::sum);
        }
        w.eventTime = Math.max(w.eventTime, eventTime);
        if (w.closed) {
            metrics.increment(Counter.SCI_LATE_UPDATES);
            emit(model, windowStart, w, streamTime);
        } else {
            w.pending = true;
            if (pending.add(key)) {
                progress.markPending();
            }
        }
        windows.put(key, w.encode());
    }

    /** Publishes the running value of every open window that changed since the last tick. */
    private void publishChanged(long now) {
        for (String key : pending.keys(windows, value -> SciState.ModelWindow.decode(value).pending)) {
            byte[] stored = windows.get(key);
            if (stored == null) {
                continue;
            }
            SciState.ModelWindow w = SciState.ModelWindow.decode(stored);
            if (!w.pending) {
                continue; // closed (and published as final) meanwhile
            }
            long windowStart = SciState.windowStartOf(key);
            emit(key.substring(0, key.lastIndexOf('@')), windowStart, w,
                    Math.min(w.eventTime, windowStart + options.windowMillis() - 1));
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

    /** Publishes the window's SCI for every unit counted in it. */
    private void emit(String model, long windowStart, SciState.ModelWindow w, long timestamp) {
        double joules = w.joules;
        double operational = w.operationalGrams;
        double embodied = w.embodiedGrams;
        Instant start = Instant.ofEpochMilli(windowStart);
        Instant end = Instant.ofEpochMilli(windowStart + options.windowMillis());
        w.units.forEach((unit, units) -> {
            SciParts parts = new SciParts(joules, operational, embodied, units);
            SciWindow value = new SciWindow(model, unit, start, end, joules, operational, embodied, units,
                    parts.gramsPerUnit(), w.closed);
            context.forward(new Record<String, Object>(model + "/" + unit + "@" + windowStart, value, timestamp), child);
        });
    }

    private void maybeCloseWindows() {
        if (!options.windowsClose() || (lastScan != Long.MIN_VALUE && streamTime - lastScan < rules.scanMillis())) {
            return;
        }
        lastScan = streamTime;
        List<KeyValue<String, byte[]>> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = windows.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                long ws = SciState.windowStartOf(kv.key);
                if (rules.closed(ws, streamTime)) {   // an expired window is closed too
                    due.add(kv);
                }
            }
        }
        int closed = 0;
        for (KeyValue<String, byte[]> kv : due) {
            long ws = SciState.windowStartOf(kv.key);
            SciState.ModelWindow w = SciState.ModelWindow.decode(kv.value);
            if (!w.closed) {
                w.closed = true;
                w.pending = false;
                closed++;
                emit(kv.key.substring(0, kv.key.lastIndexOf('@')), ws, w, streamTime);
                if (!rules.expired(ws, streamTime)) {
                    windows.put(kv.key, w.encode());   // kept closed for late corrections
                }
            }
            if (rules.expired(ws, streamTime)) {
                windows.delete(kv.key);
            }
        }
        if (closed > 0) {
            metrics.add(Counter.SCI_WINDOWS_CLOSED, closed);
            LOGGER.debug("event=sci_windows_closed count={} streamTime={} task={}", closed, streamTime, context.taskId());
        }
    }
}
