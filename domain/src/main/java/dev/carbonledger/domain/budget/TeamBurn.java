package dev.carbonledger.domain.budget;

import dev.carbonledger.domain.budget.BurnEvent.Speed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything about one team's carbon budget that must survive a restart: its budget, its spend per UTC day, transfers,
 * which thresholds were already alerted per period, the recent spend for burn rates, which burn alerts fire and which
 * gate decisions were published. Each operation returns what changed as {@link BurnEvent}s.
 *
 * <p>Time is stream time ({@code now}, monotonic: an earlier {@code now} than already seen counts as the latest one).
 * Until a first {@code now} is known ({@link #NONE}), operations only record; nothing is evaluated.
 *
 * <p>Rules (DESIGN section 5 and 6):
 * <ul>
 *   <li>spent in a period = the team's spend in windows that <em>start</em> in the period, late pieces included;
 *       spend is kept per UTC day, since days tile every period, so a budget changed from day to month needs no
 *       history it does not have;</li>
 *   <li>a threshold alert fires once per (team, period, threshold), when spent reaches threshold x limit, and
 *       resolves when the period is over; a budget changed mid-period takes effect at once, so a lowered limit can
 *       cross thresholds without new spend;</li>
 *   <li>a new period starts from zero: its status is published as the period begins;</li>
 *   <li>transfers move limit between teams for the period they were made in;</li>
 *   <li>spend for windows more than {@link #RETENTION_MILLIS} older than {@code now} no longer changes budgets (see
 *       {@link #tooOld}); the ledger and the rollups still count it.</li>
 * </ul>
 * Not thread-safe: one owner (the stream task that owns the team).
 */
public final class TeamBurn {
    /** "Not known yet" for times. */
    public static final long NONE = Long.MIN_VALUE;
    private static final long DAY_MILLIS = 86_400_000L;
    /** Spend, transfers and alert records are kept this long: a month plus late data, with margin. */
    public static final long RETENTION_MILLIS = 70 * DAY_MILLIS;
    /** The smallest limit a period can have after transfers and a lowered budget (1 mg), so fractions stay finite. */
    static final double MIN_LIMIT_GRAMS = 0.001;

    /** A threshold alert of one period: when it fired and whether its resolution was published. */
    record Crossing(long crossedAt, boolean resolved) {}

    /** The last gate decision published for a class key. */
    record GateState(BudgetGate.Verdict verdict, long validUntil) {}

    private final String team;
    private final BurnSettings settings;
    private BudgetSpec budget;
    private BurnAlertPolicy policy;
    private SpendRing ring;
    private long ringFirstSpend = Long.MAX_VALUE;
    final TreeMap<Long, double[]> days = new TreeMap<>();
    final TreeMap<Long, Double> transfers = new TreeMap<>();
    final TreeMap<Long, TreeMap<Double, Crossing>> crossings = new TreeMap<>();
    final TreeMap<String, GateState> gates = new TreeMap<>();
    private long fastSince = NONE;
    private long slowSince = NONE;
    private long currentPeriod = NONE;
    private long lastStatusAt = NONE;
    private long asOf = NONE;

    public TeamBurn(String team, BurnSettings settings) {
        this.team = team;
        this.settings = settings;
    }

    public String team() {
        return team;
    }

    /** The budget in effect, or null. */
    public BudgetSpec budget() {
        return budget;
    }

    /** Latest stream time seen, or {@link #NONE}. */
    public long asOf() {
        return asOf;
    }

    /** Nothing worth keeping: no budget and no spend. */
    public boolean isEmpty() {
        return budget == null && days.isEmpty() && crossings.isEmpty();
    }

    /** Whether spend of a window starting at {@code windowStart} is too old to change budgets at {@code now}. */
    public static boolean tooOld(long windowStart, long now) {
        return now != NONE && windowStart < now - RETENTION_MILLIS;
    }

    /** Sets or replaces the budget; it takes effect at once in the current period. */
    public List<BurnEvent> setBudget(BudgetSpec spec, long now) {
        if (!spec.team().equals(team)) {
            throw new IllegalArgumentException("budget of team " + spec.team() + " given to team " + team);
        }
        observe(now);
        List<BurnEvent> events = new ArrayList<>();
        BudgetSpec old = budget;
        if (old != null && (old.period() != spec.period() || old.tier() != spec.tier())) {
            // Labels of the alerts change: resolve the old ones; they fire again under the new labels if they hold.
            resolveCrossings(Long.MAX_VALUE, events);
            resolveBurnAlerts(events);
        }
        if (old == null || old.period() != spec.period()) {
            policy = BurnAlertPolicy.forPeriod(spec.period(), settings.windowMillis());
            ring = new SpendRing(policy.bucketMillis(), policy.ringSize());
            ringFirstSpend = Long.MAX_VALUE;
            transfers.clear();
            currentPeriod = NONE;
        }
        budget = spec;
        events.addAll(evaluate(List.of(), true));
        return events;
    }

    /** Removes the budget: open alerts resolve, gates allow, the status is withdrawn. */
    public List<BurnEvent> deleteBudget(long now) {
        observe(now);
        List<BurnEvent> events = new ArrayList<>();
        if (budget == null) {
            return events;
        }
        resolveCrossings(Long.MAX_VALUE, events);
        resolveBurnAlerts(events);
        for (String key : gates.keySet()) {
            BudgetGate.Decision d = BudgetGate.decide(team, key.isEmpty() ? null : key, null, null,
                    settings.criticalClasses(), asOf == NONE ? 0 : asOf);
            events.add(new BurnEvent.Gate(team, key.isEmpty() ? null : key, d));
        }
        events.add(new BurnEvent.StatusRemoved(team));
        budget = null;
        policy = null;
        ring = null;
        ringFirstSpend = Long.MAX_VALUE;
        transfers.clear();
        gates.clear();
        currentPeriod = NONE;
        lastStatusAt = NONE;
        return events;
    }

    /**
     * Moves {@code deltaGrams} of limit into (positive) or out of (negative) the period that contains {@code at}.
     *
     * @return the events, or null when the team has no budget (the transfer cannot apply)
     */
    public List<BurnEvent> transfer(long at, double deltaGrams, long now) {
        observe(now);
        if (budget == null) {
            return null;
        }
        long periodStart = budget.period().start(at);
        transfers.merge(periodStart, deltaGrams, Double::sum);
        return evaluate(List.of(periodStart), true);
    }

    /** Adds the team's spend of the window starting at {@code windowStart}. */
    public List<BurnEvent> addSpend(long windowStart, double grams, double joules, long now) {
        observe(now);
        double[] day = days.computeIfAbsent(Math.floorDiv(windowStart, DAY_MILLIS) * DAY_MILLIS, d -> new double[2]);
        day[0] += grams;
        day[1] += joules;
        if (budget == null) {
            return List.of();
        }
        ring.add(windowStart, grams);
        ringFirstSpend = Math.min(ringFirstSpend, windowStart);
        return evaluate(List.of(budget.period().start(windowStart)), false);
    }

    /**
     * Lets time pass without spend: forgets what is past retention, rolls over into a new period, re-judges burn
     * alerts and gate validity, and refreshes the status every {@link BurnSettings#statusRefreshMillis()}.
     */
    public List<BurnEvent> advance(long now) {
        observe(now);
        if (asOf != NONE) {
            long horizon = asOf - RETENTION_MILLIS;
            days.headMap(horizon).clear();
            transfers.headMap(horizon).clear();
            crossings.headMap(horizon).clear();
        }
        if (budget == null) {
            return List.of();
        }
        boolean refresh = lastStatusAt == NONE || asOf - lastStatusAt >= settings.statusRefreshMillis();
        return evaluate(List.of(), refresh);
    }

    /** The status of the current period (null before a first time is known or without a budget). */
    public BurnStatus currentStatus() {
        if (budget == null || asOf == NONE) {
            return null;
        }
        return status(budget.period().start(asOf));
    }

    private void observe(long now) {
        if (now != NONE && now > asOf) {
            asOf = now;
        }
    }

    private List<BurnEvent> evaluate(List<Long> touchedPeriods, boolean forceStatus) {
        List<BurnEvent> events = new ArrayList<>();
        if (budget == null || asOf == NONE) {
            return events;
        }
        long current = budget.period().start(asOf);
        boolean rolledOver = currentPeriod != NONE && current > currentPeriod;
        currentPeriod = Math.max(currentPeriod, current);
        resolveCrossings(current, events);
        TreeSet<Long> periods = new TreeSet<>(touchedPeriods);
        periods.remove(current);
        for (long p : periods) {
            if (p < current) {
                publish(status(p), events);
            }
        }
        BurnStatus now = status(current);
        if (rolledOver || forceStatus || !touchedPeriods.isEmpty()) {
            publish(now, events);
        }
        judgeBurnRates(now, events);
        judgeGates(now, rolledOver, events);
        return events;
    }

    private void publish(BurnStatus status, List<BurnEvent> events) {
        events.add(new BurnEvent.Status(status));
        if (status.current()) {
            lastStatusAt = asOf;
        }
        TreeMap<Double, Crossing> alerted = crossings.computeIfAbsent(status.periodStart(), p -> new TreeMap<>());
        for (double threshold : budget.thresholds()) {
            if (!alerted.containsKey(threshold) && status.spentGrams() >= threshold * status.limitGrams()) {
                alerted.put(threshold, new Crossing(asOf, false));
                events.add(new BurnEvent.ThresholdCrossed(status, threshold, asOf));
            }
        }
        if (alerted.isEmpty()) {
            crossings.remove(status.periodStart());
        }
    }

    /** Resolves the open threshold alerts of every period starting before {@code before}. */
    private void resolveCrossings(long before, List<BurnEvent> events) {
        for (Map.Entry<Long, TreeMap<Double, Crossing>> period : crossings.headMap(before, false).entrySet()) {
            for (Map.Entry<Double, Crossing> c : period.getValue().entrySet()) {
                if (!c.getValue().resolved()) {
                    c.setValue(new Crossing(c.getValue().crossedAt(), true));
                    events.add(new BurnEvent.ThresholdResolved(team, budget.period(), budget.tier(), period.getKey(),
                            c.getKey(), c.getValue().crossedAt(), asOf));
                }
            }
        }
    }

    private BurnStatus status(long periodStart) {
        long periodEnd = budget.period().end(periodStart);
        double spent = 0;
        double joules = 0;
        for (double[] day : days.subMap(periodStart, true, periodEnd, false).values()) {
            spent += day[0];
            joules += day[1];
        }
        double transferred = transfers.getOrDefault(periodStart, 0.0);
        double limit = Math.max(MIN_LIMIT_GRAMS, budget.limitGrams() + transferred);
        long window = policy.statusWindowMillis();
        if (ringFirstSpend != Long.MAX_VALUE) {
            long bucket = policy.bucketMillis();
            long sinceFirst = (Math.floorDiv(asOf, bucket) - Math.floorDiv(ringFirstSpend, bucket) + 1) * bucket;
            window = Math.max(bucket, Math.min(window, sinceFirst));
        }
        double recent = ring.sum(asOf, window);
        return BurnStatus.of(team, budget.period(), budget.tier(), periodStart, limit, transferred, spent, joules, recent,
                window, asOf);
    }

    private void judgeBurnRates(BurnStatus current, List<BurnEvent> events) {
        ring.advanceTo(asOf);
        double sustainablePerMilli = current.limitGrams() / (double) (current.periodEnd() - current.periodStart());
        fastSince = judge(Speed.FAST, policy.fast(), fastSince, sustainablePerMilli, events);
        slowSince = judge(Speed.SLOW, policy.slow(), slowSince, sustainablePerMilli, events);
    }

    /**
     * Judges a burn-rate condition over whole buckets ending with the last complete one: the bucket under way is still
     * filling, and counting it would make the short window dip at every bucket boundary (an alert that flaps).
     */
    private long judge(Speed speed, BurnAlertPolicy.Condition condition, long since, double sustainablePerMilli,
                       List<BurnEvent> events) {
        long lastComplete = asOf - policy.bucketMillis();
        double longBurn = ring.sum(lastComplete, condition.longMillis()) / condition.longMillis() / sustainablePerMilli;
        double shortBurn = ring.sum(lastComplete, condition.shortMillis()) / condition.shortMillis() / sustainablePerMilli;
        boolean holds = condition.holds(longBurn, shortBurn);
        if (holds && since == NONE) {
            events.add(new BurnEvent.BurnRate(team, budget.period(), budget.tier(), speed, true, asOf, asOf, longBurn,
                    shortBurn, condition));
            return asOf;
        }
        if (!holds && since != NONE) {
            events.add(new BurnEvent.BurnRate(team, budget.period(), budget.tier(), speed, false, since, asOf, longBurn,
                    shortBurn, condition));
            return NONE;
        }
        return since;
    }

    private void resolveBurnAlerts(List<BurnEvent> events) {
        if (fastSince != NONE) {
            events.add(new BurnEvent.BurnRate(team, budget.period(), budget.tier(), Speed.FAST, false, fastSince, asOf,
                    0, 0, policy.fast()));
            fastSince = NONE;
        }
        if (slowSince != NONE) {
            events.add(new BurnEvent.BurnRate(team, budget.period(), budget.tier(), Speed.SLOW, false, slowSince, asOf,
                    0, 0, policy.slow()));
            slowSince = NONE;
        }
    }

    private void judgeGates(BurnStatus current, boolean rolledOver, List<BurnEvent> events) {
        List<String> keys = new ArrayList<>();
        keys.add("");
        keys.addAll(new TreeSet<>(settings.criticalClasses()));
        for (String key : keys) {
            String cls = key.isEmpty() ? null : key;
            // The verdict first, cheaply; the reason and inputs are written out only for a decision to publish.
            BudgetGate.Outcome o = BudgetGate.outcome(cls, budget, current, settings.criticalClasses(), asOf);
            GateState last = gates.get(key);
            if (last == null || last.verdict() != o.verdict() || asOf >= last.validUntil() || rolledOver) {
                BudgetGate.Decision d = BudgetGate.decide(team, cls, budget, current, settings.criticalClasses(), asOf);
                gates.put(key, new GateState(d.verdict(), d.validUntil()));
                events.add(new BurnEvent.Gate(team, cls, d));
            }
        }
    }

    // --- state codec support (TeamBurnCodec) ---

    BurnSettings settings() {
        return settings;
    }

    SpendRing ring() {
        return ring;
    }

    long ringFirstSpend() {
        return ringFirstSpend;
    }

    long[] times() {
        return new long[] {fastSince, slowSince, currentPeriod, lastStatusAt, asOf};
    }

    void restore(BudgetSpec budget, SpendRing ring, long ringFirstSpend, long[] times) {
        this.budget = budget;
        if (budget != null) {
            this.policy = BurnAlertPolicy.forPeriod(budget.period(), settings.windowMillis());
            boolean fits = ring != null && ring.bucketMillis() == policy.bucketMillis() && ring.size() == policy.ringSize();
            // A changed accounting window changes the buckets: start the recent history afresh rather than misread it.
            this.ring = fits ? ring : new SpendRing(policy.bucketMillis(), policy.ringSize());
            this.ringFirstSpend = fits ? ringFirstSpend : Long.MAX_VALUE;
        }
        this.fastSince = times[0];
        this.slowSince = times[1];
        this.currentPeriod = times[2];
        this.lastStatusAt = times[3];
        this.asOf = times[4];
    }
}
