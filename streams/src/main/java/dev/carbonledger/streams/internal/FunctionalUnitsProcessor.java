package dev.carbonledger.streams.internal;

import dev.carbonledger.avro.FunctionalUnitSample;
import dev.carbonledger.streams.AccountingMetrics;
import dev.carbonledger.streams.AccountingMetrics.Counter;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.accounting.CounterIncrease;
import dev.carbonledger.streams.accounting.SeriesState;
import dev.carbonledger.streams.accounting.Windows;
import dev.carbonledger.streams.sci.UnitSpreader;
import java.time.Duration;
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
 * Functional-unit counters (the R of SCI; key = model): validates each reading, applies the energy counter rules 1 to 3
 * per series (model, unit, series) — duplicates and out-of-order readings ignored, the first reading a baseline, a
 * decrease a reset — and spreads each interval's units uniformly over (t0, t1], cut at window boundaries (rule 4).
 * Each piece goes to the {@code sci-parts} repartition topic (key = model) as {@link SciInput.Units}. Invalid readings
 * throw {@link InvalidInputException}: dead-lettered with the reason.
 */
public final class FunctionalUnitsProcessor implements Processor<byte[], FunctionalUnitSample, String, Object> {
    private static final Logger LOGGER = LoggerFactory.getLogger(FunctionalUnitsProcessor.class);
    private static final char SEP = '\u0000';

    private final AccountingOptions options;
    private final AccountingMetrics metrics;
    private final String storeName;
    private final String child;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> series;
    private long eventTime = Long.MIN_VALUE;

    public FunctionalUnitsProcessor(AccountingOptions options, AccountingMetrics metrics, String storeName, String child) {
        this.options = options;
        this.metrics = metrics;
        this.storeName = storeName;
        this.child = child;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.series = context.getStateStore(storeName);
        if (options.seriesExpire()) {
            long scanMillis = Math.max(1_000L, Math.min(60_000L, options.seriesIdleExpiry().toMillis() / 4));
            context.schedule(Duration.ofMillis(scanMillis), PunctuationType.WALL_CLOCK_TIME, now -> expireIdleSeries());
        }
    }

    @Override
    public void process(Record<byte[], FunctionalUnitSample> record) {
        FunctionalUnitSample sample = record.value();
        validate(sample);
        metrics.increment(Counter.UNIT_SAMPLES_PROCESSED);
        long ts = sample.getTimestamp().toEpochMilli();
        String key = sample.getModel() + SEP + sample.getUnit() + SEP + sample.getSeries();
        byte[] stored = series.get(key);
        CounterIncrease.Outcome outcome = CounterIncrease.apply(stored == null ? null : SeriesState.decode(stored), ts,
                sample.getCount());
        if (outcome instanceof CounterIncrease.Ignored) {
            metrics.increment(Counter.UNIT_SAMPLES_IGNORED);
            return;
        }
        eventTime = Math.max(eventTime, ts);
        series.put(key, new SeriesState(ts, sample.getCount()).encode());
        if (!(outcome instanceof CounterIncrease.Interval interval)) {
            return; // the baseline counts nothing
        }
        if (interval.counterReset()) {
            metrics.increment(Counter.UNIT_COUNTER_RESETS);
        }
        long windowMillis = options.windowMillis();
        for (UnitSpreader.UnitPiece p : UnitSpreader.spread(interval.startMillis(), interval.endMillis(),
                interval.joules(), windowMillis)) {
            // As for energy partials: the record time is capped at the piece's window end, so an old interval never
            // pushes stream time past its window.
            long timestamp = Math.min(ts, p.windowStartMillis() + windowMillis - 1);
            context.forward(new Record<String, Object>(sample.getModel(), new SciInput.Units(sample.getModel(),
                    sample.getUnit(), p.windowStartMillis(), p.units(), ts), timestamp), child);
        }
    }

    private void validate(FunctionalUnitSample sample) {
        if (sample == null) {
            throw new InvalidInputException("null value (tombstone) on the functional-units topic");
        }
        requireText("model", sample.getModel());
        requireText("unit", sample.getUnit());
        requireText("series", sample.getSeries());
        double count = sample.getCount();
        if (!Double.isFinite(count)) {
            throw new InvalidInputException("functional-unit count is not a finite number: " + count);
        }
        if (count < 0) {
            throw new InvalidInputException("negative functional-unit count: " + count);
        }
        long limit = Windows.saturatedAdd(context.currentSystemTimeMs(), options.maxFutureSkew().toMillis());
        if (sample.getTimestamp().toEpochMilli() > limit) {
            throw new InvalidInputException("functional-unit timestamp " + sample.getTimestamp() + " is more than "
                    + options.maxFutureSkew() + " after the wall clock");
        }
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException("empty " + field + " in functional-unit sample");
        }
        if (value.indexOf(SEP) >= 0) {
            throw new InvalidInputException(field + " of functional-unit sample contains a NUL character");
        }
    }

    private void expireIdleSeries() {
        if (eventTime == Long.MIN_VALUE) {
            return;
        }
        long cutoff = eventTime - options.seriesIdleExpiry().toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = series.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> e = it.next();
                if (SeriesState.decode(e.value).timestampMillis() < cutoff) {
                    expired.add(e.key);
                }
            }
        }
        expired.forEach(series::delete);
        if (!expired.isEmpty()) {
            metrics.add(Counter.SERIES_EXPIRED, expired.size());
            LOGGER.info("event=unit_series_expired count={} idleExpiry={} task={}", expired.size(),
                    options.seriesIdleExpiry(), context.taskId());
        }
    }
}
