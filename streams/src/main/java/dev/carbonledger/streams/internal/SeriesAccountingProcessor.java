package dev.carbonledger.streams.internal;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.LedgerEntry;
import dev.carbonledger.avro.LedgerPiece;
import dev.carbonledger.domain.intensity.IntensityTimeline;
import dev.carbonledger.streams.AccountingMetrics;
import dev.carbonledger.streams.AccountingMetrics.Counter;
import dev.carbonledger.streams.AccountingOptions;
import dev.carbonledger.streams.accounting.Attribution;
import dev.carbonledger.streams.accounting.Attribution.NodeRef;
import dev.carbonledger.streams.accounting.Attribution.PodRef;
import dev.carbonledger.streams.accounting.CounterIncrease;
import dev.carbonledger.streams.accounting.Piece;
import dev.carbonledger.streams.accounting.Spreader;
import dev.carbonledger.streams.accounting.Windows;
import dev.carbonledger.streams.internal.kafka.WrappedStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot path, one call per sample (key = pod uid): validates it, applies rules 1 to 3 against the series
 * state, attributes it (rules 6, 8), spreads the interval into pieces (rules 4, 5, 7, 9), emits one
 * {@link LedgerEntry}, and adds the pieces to a local pre-aggregation store at the finest grain
 * (team, model, namespace, zone, window). Every {@code flushInterval} the pre-aggregates are forwarded as
 * {@link Partial}s (one per rollup) to the {@code partials} repartition topic and deleted. The
 * pre-aggregation store ({@link PreAggregateStore}) writes its changelog before every commit, so partials not yet
 * flushed survive a crash with exactly the input offsets that produced them.
 */
public final class SeriesAccountingProcessor implements Processor<byte[], EnergySample, String, Object> {
    private static final Logger LOGGER = LoggerFactory.getLogger(SeriesAccountingProcessor.class);

    private final AccountingOptions options;
    private final AccountingMetrics metrics;
    private final StoreNames names;
    private final String ledgerChild;
    private final String partialsChild;
    private final String budgetChild;
    private final String sciChild;
    private final IntensityTimeline defaultTimeline;
    private final long windowMillis;
    private final long hourlyMillis;

    private ProcessorContext<String, Object> context;
    private SeriesStateStore series;
    private PreAggregateStore preAggregates;
    /** Joules and grams per (node, model, window) for the SCI's embodied share (node in the team slot of the key). */
    private PreAggregateStore nodeEnergy;
    private ReferenceStore<PodRef> pods;
    private ReferenceStore<NodeRef> nodes;
    private ReferenceStore<IntensityTimeline> intensity;
    private long eventTime = Long.MIN_VALUE;
    private AccountingMetrics.TaskProgress progress;
    // Starts non-zero so that pre-aggregates restored from the changelog after a restart are flushed too.
    private long unflushedPieces = 1;

    public SeriesAccountingProcessor(AccountingOptions options, AccountingMetrics metrics, StoreNames names,
                                     String ledgerChild, String partialsChild, String budgetChild, String sciChild) {
        this.options = options;
        this.metrics = metrics;
        this.names = names;
        this.ledgerChild = ledgerChild;
        this.partialsChild = partialsChild;
        this.budgetChild = budgetChild;
        this.sciChild = sciChild;
        this.defaultTimeline = new IntensityTimeline(options.defaultIntensity());
        this.windowMillis = options.windowMillis();
        this.hourlyMillis = options.hourlyWindowMillis();
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.series = WrappedStores.unwrap(context.getStateStore(names.seriesState()), SeriesStateStore.class);
        this.preAggregates = WrappedStores.unwrap(context.getStateStore(names.preAggregates()), PreAggregateStore.class);
        this.nodeEnergy = WrappedStores.unwrap(context.getStateStore(names.sciNodeEnergy()), PreAggregateStore.class);
        this.pods = context.getStateStore(names.pods());
        this.nodes = context.getStateStore(names.nodes());
        this.intensity = context.getStateStore(names.intensity());
        this.progress = metrics.registerAccountingTask(this);
        context.schedule(options.flushInterval(), PunctuationType.WALL_CLOCK_TIME, now -> flush());
        if (options.seriesExpire()) {
            long scanMillis = Math.max(1_000L, Math.min(60_000L, options.seriesIdleExpiry().toMillis() / 4));
            context.schedule(Duration.ofMillis(scanMillis), PunctuationType.WALL_CLOCK_TIME, now -> expireIdleSeries());
        }
    }

    @Override
    public void process(Record<byte[], EnergySample> record) {
        EnergySample sample = record.value();
        validate(sample);
        metrics.increment(Counter.SAMPLES_PROCESSED);
        long ts = sample.getTimestamp().toEpochMilli();
        double counter = sample.getEnergyJoules();
        SeriesStateStore.PodSeries pod = series.pod(sample.getPodUid());
        CounterIncrease.Outcome outcome = CounterIncrease.apply(pod == null ? null : pod.get(sample.getComponent()), ts,
                counter);
        if (outcome instanceof CounterIncrease.Ignored) {
            metrics.increment(Counter.SAMPLES_IGNORED);
            return;
        }
        if (ts > eventTime) {
            eventTime = ts;
        }
        series.put(pod, sample.getPodUid(), sample.getComponent(), ts, counter);
        if (outcome instanceof CounterIncrease.Baseline) {
            metrics.increment(Counter.BASELINES);
            return;
        }
        account(record, sample, (CounterIncrease.Interval) outcome);
    }

    private void account(Record<byte[], EnergySample> record, EnergySample sample, CounterIncrease.Interval interval) {
        metrics.increment(Counter.INTERVALS);
        if (interval.counterReset()) {
            metrics.increment(Counter.COUNTER_RESETS);
        }
        NodeRef node = nodes.get(sample.getNode());
        String zone = node == null ? Attribution.UNKNOWN_ZONE : node.zone();
        double pue = node == null ? options.defaultPue() : node.pueOr(options.defaultPue());
        PodRef pod = pods.get(sample.getPodUid());
        if (pod == null) {
            pod = PodRef.UNKNOWN;
        }
        String nodeName = sample.getNode() == null || sample.getNode().isEmpty() ? Attribution.UNKNOWN_ZONE : sample.getNode();
        IntensityTimeline timeline = intensity.get(zone);
        List<Piece> pieces = Spreader.spread(interval.startMillis(), interval.endMillis(), interval.joules(), pue,
                windowMillis, timeline == null ? defaultTimeline : timeline);

        List<LedgerPiece> ledgerPieces = new ArrayList<>(pieces.size());
        double grams = 0;
        for (int i = 0; i < pieces.size(); i++) {
            Piece p = pieces.get(i);
            grams += p.co2eGrams();
            ledgerPieces.add(new LedgerPiece(Instant.ofEpochMilli(p.startMillis()), Instant.ofEpochMilli(p.endMillis()),
                    Instant.ofEpochMilli(p.windowStartMillis()), p.energyJoules(), p.gCo2ePerKwh(),
                    p.intensityFromMillis() == null ? null : Instant.ofEpochMilli(p.intensityFromMillis()), p.co2eGrams()));
            nodeEnergy.add(new PreAggregateStore.Key(nodeName, pod.model(), "", "", p.windowStartMillis()),
                    p.energyJoules(), p.co2eGrams(), 1, 0, interval.endMillis());
            boolean last = i == pieces.size() - 1;
            preAggregates.add(new PreAggregateStore.Key(pod.team(), pod.model(), pod.namespace(), zone, p.windowStartMillis()),
                    p.energyJoules(), p.co2eGrams(), 1, last ? 1 : 0, interval.endMillis());
        }
        if (unflushedPieces == 0) {
            progress.markPending();
        }
        unflushedPieces += pieces.size();
        metrics.add(Counter.PIECES_AGGREGATED, pieces.size());
        LedgerEntry entry = new LedgerEntry(sample.getPodUid(), sample.getComponent(), sample.getNode(), zone,
                pod.namespace(), pod.team(), pod.model(), Instant.ofEpochMilli(interval.startMillis()),
                Instant.ofEpochMilli(interval.endMillis()), interval.counterReset(), pue, interval.joules(), grams,
                ledgerPieces);
        context.forward(new Record<String, Object>(sample.getPodUid(), entry, interval.endMillis(), record.headers()),
                ledgerChild);
    }

    private void validate(EnergySample sample) {
        if (sample == null) {
            throw new InvalidSampleException("null value (tombstone) on the samples topic");
        }
        if (sample.getPodUid() == null || sample.getPodUid().isEmpty()) {
            throw new InvalidSampleException("empty pod id");
        }
        if (sample.getComponent() == null || sample.getComponent().isEmpty()) {
            throw new InvalidSampleException("empty component");
        }
        double joules = sample.getEnergyJoules();
        if (Double.isNaN(joules) || Double.isInfinite(joules)) {
            throw new InvalidSampleException("counter is not a finite number: " + joules);
        }
        if (joules < 0) {
            throw new InvalidSampleException("negative counter: " + joules + " J");
        }
        long ts = sample.getTimestamp().toEpochMilli();
        long limit = Windows.saturatedAdd(context.currentSystemTimeMs(), options.maxFutureSkew().toMillis());
        if (ts > limit) {
            throw new InvalidSampleException("timestamp " + sample.getTimestamp() + " is more than "
                    + options.maxFutureSkew() + " after the wall clock");
        }
    }

    /** Forwards every pre-aggregate as one partial per rollup and empties the store. */
    private void flush() {
        if (unflushedPieces == 0) {
            return;
        }
        long now = context.currentSystemTimeMs();
        List<PreAggregateStore.Accumulator> entries = preAggregates.removeAll();
        // Oldest windows first, totals last. A partial's timestamp is the latest sample time in it, capped at the
        // end of its (fine) window, so pieces of an old window never advance stream time past that window.
        // Ties in key byte order, as the sorted store this replaced iterated them: sums downstream are added in
        // the same order, so floating-point results do not change.
        List<Ordered> ordered = new ArrayList<>(entries.size());
        for (PreAggregateStore.Accumulator a : entries) {
            ordered.add(new Ordered(a.key.windowStart(), Bytes.wrap(a.key.encode()), a));
        }
        ordered.sort(Ordered.ORDER);
        List<Partial> totals = new ArrayList<>(entries.size());
        Map<BudgetKey, double[]> spend = new LinkedHashMap<>();
        long teamPieces = 0;
        for (Ordered o : ordered) {
            PreAggregateStore.Accumulator a = o.accumulator();
            double joules = a.joules;
            double grams = a.grams;
            long pieces = a.pieces;
            long intervals = a.intervals;
            long maxEventTime = a.eventTime;
            String team = a.key.team();
            String model = a.key.model();
            String namespace = a.key.namespace();
            String zone = a.key.zone();
            long ws = a.key.windowStart();
            long hs = Math.floorDiv(ws, hourlyMillis) * hourlyMillis;
            long ts = Math.min(maxEventTime, ws + windowMillis - 1);
            forward(new Partial(Partial.Kind.TEAM, team, model, namespace, zone, ws, ws + windowMillis, joules, grams,
                    pieces, intervals, maxEventTime), ts);
            forward(new Partial(Partial.Kind.MODEL, team, model, namespace, zone, ws, ws + windowMillis, joules, grams,
                    pieces, intervals, maxEventTime), ts);
            forward(new Partial(Partial.Kind.TEAM_HOURLY, team, model, namespace, zone, hs, hs + hourlyMillis, joules,
                    grams, pieces, intervals, maxEventTime), ts);
            totals.add(new Partial(Partial.Kind.TOTAL, team, model, namespace, zone, 0, 0, joules, grams, pieces,
                    intervals, maxEventTime));
            double[] s = spend.computeIfAbsent(new BudgetKey(team, ws), k -> new double[3]);
            s[0] += grams;
            s[1] += joules;
            s[2] = Math.max(s[2], maxEventTime);
            teamPieces += pieces;
        }
        for (Partial p : totals) {
            forward(p, p.eventTime());
        }
        // The team's spend per window, summed over models, namespaces and zones, for its budget (keyed by team).
        for (Map.Entry<BudgetKey, double[]> e : spend.entrySet()) {
            long ws = e.getKey().windowStart();
            long eventTime = (long) e.getValue()[2];
            context.forward(new Record<String, Object>(e.getKey().team(), new BudgetInput.Spend(e.getKey().team(), ws,
                    e.getValue()[0], e.getValue()[1], eventTime), Math.min(eventTime, ws + windowMillis - 1)), budgetChild);
        }
        flushNodeEnergy();
        metrics.add(Counter.PIECES_FLUSHED, teamPieces);
        LOGGER.debug("event=partials_flushed entries={} pieces={} task={}", entries.size(), teamPieces, context.taskId());
        unflushedPieces = 0;
        progress.markFlushed(now, !entries.isEmpty());
    }

    /** Forwards the joules and grams per (node, model, window) to the SCI's embodied share (key = node). */
    private void flushNodeEnergy() {
        for (PreAggregateStore.Accumulator a : nodeEnergy.removeAll()) {
            long ws = a.key.windowStart();
            String node = a.key.team();
            context.forward(new Record<String, Object>(node, new SciInput.NodeEnergy(node, a.key.model(), ws, a.joules,
                    a.grams, a.eventTime), Math.min(a.eventTime, ws + windowMillis - 1)), sciChild);
        }
    }

    private record BudgetKey(String team, long windowStart) {}

    private record Ordered(long windowStart, Bytes key, PreAggregateStore.Accumulator accumulator) {
        static final java.util.Comparator<Ordered> ORDER =
                java.util.Comparator.comparingLong(Ordered::windowStart).thenComparing(Ordered::key);
    }

    @Override
    public void close() {
        metrics.unregisterAccountingTask(this);
    }

    private void forward(Partial p, long timestamp) {
        context.forward(new Record<String, Object>(p.key(), p, timestamp), partialsChild);
    }

    private void expireIdleSeries() {
        if (eventTime == Long.MIN_VALUE) {
            return;
        }
        int expired = series.expireOlderThan(eventTime - options.seriesIdleExpiry().toMillis());
        if (expired > 0) {
            metrics.add(Counter.SERIES_EXPIRED, expired);
            LOGGER.info("event=series_expired count={} idleExpiry={} task={}", expired, options.seriesIdleExpiry(),
                    context.taskId());
        }
    }
}
