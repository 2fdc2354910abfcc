package dev.carbonledger.streams.internal;

import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.streams.AccountingMetrics;
import dev.carbonledger.streams.AccountingMetrics.Counter;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.accounting.Windows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sums the partials of all accounting tasks into final values, per key of the {@code partials} repartition
 * topic. Windows (team, model, team hourly) emit their running value on every update and a final value when
 * they close (stream time &gt; window end + grace); a partial for a closed window goes to the late output (team
 * windows) and is counted. Totals never close and include late pieces.
 */
public final class WindowAggregationProcessor implements Processor<String, Partial, String, Object> {
    private static final Logger LOGGER = LoggerFactory.getLogger(WindowAggregationProcessor.class);

    /** Names of the sink children this processor forwards to. */
    public record Sinks(String teamWindows, String modelWindows, String teamHourly, String totals, String late) {}

    private final AccountingOptions options;
    private final AccountingMetrics metrics;
    private final StoreNames names;
    private final Sinks sinks;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Partial> windows;
    private KeyValueStore<String, Partial> totals;
    private long streamTime = Long.MIN_VALUE;
    private long closeCheckMillis;
    private long lastCloseCheck = Long.MIN_VALUE;

    public WindowAggregationProcessor(AccountingOptions options, AccountingMetrics metrics, StoreNames names, Sinks sinks) {
        this.options = options;
        this.metrics = metrics;
        this.names = names;
        this.sinks = sinks;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.windows = context.getStateStore(names.windows());
        this.totals = context.getStateStore(names.totals());
        this.closeCheckMillis = Math.max(1_000L, Math.min(options.windowMillis(), 10_000L));
    }

    @Override
    public void process(Record<String, Partial> record) {
        Partial p = record.value();
        if (p == null) {
            return;
        }
        if (record.timestamp() > streamTime) {
            streamTime = record.timestamp();
            maybeCloseWindows();
        }
        if (p.kind() == Partial.Kind.TEAM) {
            metrics.add(Counter.PIECES_RECEIVED, p.pieces());
        }
        if (p.kind() == Partial.Kind.TOTAL) {
            addToTotal(record.key(), p);
            return;
        }
        if (isClosed(p)) {
            late(p);
            return;
        }
        Partial current = windows.get(record.key());
        Partial sum = current == null ? p : current.plus(p);
        windows.put(record.key(), sum);
        emitWindow(sum, false, p.eventTime());
    }

    private boolean isClosed(Partial window) {
        return options.windowsClose()
                && streamTime > Windows.saturatedAdd(window.windowEnd(), options.graceMillis());
    }

    private void addToTotal(String key, Partial p) {
        Partial current = totals.get(key);
        Partial sum = current == null ? p : current.plus(p);
        totals.put(key, sum);
        EmissionsTotal total = new EmissionsTotal(sum.team(), sum.model(), sum.namespace(), sum.zone(),
                sum.energyJoules(), sum.co2eGrams(), sum.intervals(), Instant.ofEpochMilli(Math.max(0, streamTime)));
        context.forward(new Record<String, Object>(sum.totalsKey(), total, context.currentStreamTimeMs()), sinks.totals());
    }

    private void late(Partial p) {
        metrics.increment(Counter.LATE_UPDATES);
        if (p.kind() != Partial.Kind.TEAM) {
            return; // the late topic lists each late piece once, in the team dimension
        }
        metrics.add(Counter.LATE_PIECES, p.pieces());
        LOGGER.debug("event=late_partial team={} model={} windowStart={} streamTime={} joules={}", p.team(), p.model(),
                p.windowStart(), streamTime, p.energyJoules());
        LateEmission late = new LateEmission(p.team(), p.model(), Instant.ofEpochMilli(p.windowStart()),
                Instant.ofEpochMilli(p.windowEnd()), p.energyJoules(), p.co2eGrams(), Instant.ofEpochMilli(streamTime));
        context.forward(new Record<String, Object>(p.team() + "@" + p.windowStart(), late, streamTime), sinks.late());
    }

    /**
     * @param timestamp the output record's timestamp: for running updates the time of the newest sample in the
     *                  partial that caused it (so consumers can measure sample-to-rollup latency), for final
     *                  values the stream time at close
     */
    private void emitWindow(Partial w, boolean isFinal, long timestamp) {
        String dimension = w.kind() == Partial.Kind.MODEL ? "model" : "team";
        EmissionsWindow value = new EmissionsWindow(dimension, w.group(), Instant.ofEpochMilli(w.windowStart()),
                Instant.ofEpochMilli(w.windowEnd()), w.energyJoules(), w.co2eGrams(), w.pieces(), isFinal);
        String sink = switch (w.kind()) {
            case TEAM -> sinks.teamWindows();
            case MODEL -> sinks.modelWindows();
            case TEAM_HOURLY -> sinks.teamHourly();
            case TOTAL -> throw new IllegalStateException("totals are not windows");
        };
        context.forward(new Record<String, Object>(w.group() + "@" + w.windowStart(), value, timestamp), sink);
    }

    /** Closes due windows whenever stream time has advanced by the check interval (stream time, not wall clock). */
    private void maybeCloseWindows() {
        if (options.windowsClose() && (lastCloseCheck == Long.MIN_VALUE || streamTime - lastCloseCheck >= closeCheckMillis)) {
            lastCloseCheck = streamTime;
            closeWindows();
        }
    }

    private void closeWindows() {
        List<KeyValue<String, Partial>> closed = new ArrayList<>();
        try (KeyValueIterator<String, Partial> it = windows.all()) {
            while (it.hasNext()) {
                KeyValue<String, Partial> e = it.next();
                if (isClosed(e.value)) {
                    closed.add(e);
                }
            }
        }
        for (KeyValue<String, Partial> e : closed) {
            emitWindow(e.value, true, streamTime);
            windows.delete(e.key);
        }
        if (!closed.isEmpty()) {
            metrics.add(Counter.WINDOWS_CLOSED, closed.size());
            LOGGER.debug("event=windows_closed count={} streamTime={} task={}", closed.size(), streamTime, context.taskId());
        }
    }
}
