package dev.carbonledger.streams.internal;

import dev.carbonledger.domain.budget.BurnEvent;
import dev.carbonledger.domain.budget.BurnSettings;
import dev.carbonledger.domain.budget.TeamBurn;
import dev.carbonledger.domain.budget.TeamBurnCodec;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.streams.AccountingMetrics;
import dev.carbonledger.streams.AccountingMetrics.Counter;
import dev.carbonledger.streams.AccountingOptions;
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
 * Budget burn per team (DESIGN section 6): the team's {@link TeamBurn} is loaded from the change-logged
 * {@code budget-burn-store}, given the input, saved back, and what changed goes out: the status on the compacted
 * status topic, threshold and burn-rate alerts on the alerts topic, gate decisions on the policy topic. Alert state is
 * in the same store, committed with the input offsets under exactly-once: a threshold is alerted once per (team,
 * period, threshold) across restarts, rebalances and replays of the same input.
 *
 * <p>Time is stream time: the latest spend event time this task has seen. Where windows close (the live pipeline), a
 * wall-clock punctuation every {@code budgetTick} also lets time pass for teams without spend, never further than
 * {@code wall clock - (window + grace)}, the time up to which spend is complete: periods roll over, burn alerts fall
 * back, statuses refresh. In replay time is the data's alone, so results depend only on the input.
 */
public final class BudgetBurnProcessor implements Processor<String, BudgetInput, String, Object> {
    private static final Logger LOGGER = LoggerFactory.getLogger(BudgetBurnProcessor.class);

    /** Names of the sink children. */
    public record Sinks(String status, String alerts, String policy) {}

    private final AccountingOptions options;
    private final AccountingMetrics metrics;
    private final String storeName;
    private final Sinks sinks;
    private final BurnSettings settings;
    private final BurnRecords records;
    private final long completeLagMillis;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> store;
    private long streamTime = TeamBurn.NONE;

    public BudgetBurnProcessor(AccountingOptions options, AccountingMetrics metrics, String storeName, Sinks sinks) {
        this.options = options;
        this.metrics = metrics;
        this.storeName = storeName;
        this.sinks = sinks;
        this.settings = options.burnSettings();
        this.records = new BurnRecords(options.runbookBaseUrl());
        this.completeLagMillis = options.windowsClose() ? options.windowMillis() + options.graceMillis() : 0;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        if (options.windowsClose()) {
            context.schedule(options.budgetTick(), PunctuationType.WALL_CLOCK_TIME, this::tick);
        }
    }

    @Override
    public void process(Record<String, BudgetInput> record) {
        BudgetInput input = record.value();
        if (input == null) {
            return;
        }
        String team = input.team();
        TeamBurn burn = load(team);
        List<BurnEvent> events;
        if (input instanceof BudgetInput.Spend s) {
            streamTime = Math.max(streamTime, s.eventTime());
            long now = now();
            if (TeamBurn.tooOld(s.windowStart(), now)) {
                metrics.increment(Counter.BUDGET_SPEND_TOO_OLD);
                LOGGER.debug("event=budget_spend_too_old team={} windowStart={} now={}", team, s.windowStart(), now);
                return;
            }
            metrics.increment(Counter.BUDGET_SPEND_RECORDS);
            events = burn.addSpend(s.windowStart(), s.grams(), s.joules(), now);
        } else if (input instanceof BudgetInput.SetBudget b) {
            events = burn.setBudget(b.spec(), now());
        } else if (input instanceof BudgetInput.DeleteBudget) {
            events = burn.deleteBudget(now());
        } else {
            BudgetInput.Transfer t = (BudgetInput.Transfer) input;
            events = burn.transfer(t.at(), t.deltaGrams(), now());
            if (events == null) {
                metrics.increment(Counter.TRANSFERS_IGNORED);
                LOGGER.warn("event=budget_transfer_ignored team={} transfer={} reason=\"the team has no budget any more\"",
                        team, t.transferId());
                events = List.of();
            }
        }
        save(team, burn);
        emit(events);
    }

    /** Lets wall-clock time pass for every team of this task (live pipeline only). */
    private void tick(long wallClock) {
        long now = now();
        if (now == TeamBurn.NONE) {
            return;
        }
        List<String> teams = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> e = it.next();
                teams.add(e.key);
            }
        }
        for (String team : teams) {
            TeamBurn burn = load(team);
            List<BurnEvent> events = burn.advance(now);
            // Only what produced events is written back (and a team whose spend aged out entirely is removed): a tick
            // must not rewrite every team's state to the changelog.
            if (!events.isEmpty() || burn.isEmpty()) {
                save(team, burn);
                emit(events);
            }
        }
    }

    /** Stream time, or in the live pipeline at least the time up to which spend is complete by the wall clock. */
    private long now() {
        if (!options.windowsClose()) {
            return streamTime;
        }
        long complete = context.currentSystemTimeMs() - completeLagMillis;
        return Math.max(streamTime, complete);
    }

    private TeamBurn load(String team) {
        byte[] bytes = store.get(team);
        return bytes == null ? new TeamBurn(team, settings) : TeamBurnCodec.decode(team, bytes, settings);
    }

    private void save(String team, TeamBurn burn) {
        if (burn.isEmpty()) {
            store.delete(team);
        } else {
            store.put(team, TeamBurnCodec.encode(burn));
        }
    }

    private void emit(List<BurnEvent> events) {
        for (BurnEvent e : events) {
            if (e instanceof BurnEvent.Status s) {
                forward(sinks.status(), s.team(), DomainRecords.status(s.status()), s.status().asOf());
            } else if (e instanceof BurnEvent.StatusRemoved r) {
                forward(sinks.status(), r.team(), null, context.currentStreamTimeMs());
            } else if (e instanceof BurnEvent.ThresholdCrossed c) {
                metrics.increment(Counter.BUDGET_ALERTS);
                LOGGER.info("event=budget_threshold_crossed team={} threshold={} periodStart={} spentGrams={} limitGrams={}",
                        c.team(), c.threshold(), c.status().periodStart(), c.status().spentGrams(), c.status().limitGrams());
                var alert = records.thresholdCrossed(c);
                forward(sinks.alerts(), alert.getFingerprint(), alert, c.at());
            } else if (e instanceof BurnEvent.ThresholdResolved r) {
                var alert = records.thresholdResolved(r);
                forward(sinks.alerts(), alert.getFingerprint(), alert, r.at());
            } else if (e instanceof BurnEvent.BurnRate b) {
                metrics.increment(Counter.BUDGET_ALERTS);
                LOGGER.info("event=budget_burn_rate team={} speed={} firing={} longBurn={} shortBurn={}", b.team(),
                        b.speed(), b.firing(), b.longBurn(), b.shortBurn());
                var alert = records.burnRate(b);
                forward(sinks.alerts(), alert.getFingerprint(), alert, b.at());
            } else if (e instanceof BurnEvent.Gate g) {
                metrics.increment(Counter.POLICY_DECISIONS);
                var decision = records.gate(g);
                forward(sinks.policy(), decision.getSubject(), decision, g.decision().validFrom());
            }
        }
    }

    private void forward(String sink, String key, Object value, long timestamp) {
        context.forward(new Record<String, Object>(key, value, Math.max(0, timestamp)), sink);
    }
}
