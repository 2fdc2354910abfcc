package dev.carbonledger.streams;

import dev.carbonledger.domain.budget.BurnSettings;
import dev.carbonledger.domain.intensity.AccountingSignal;
import dev.carbonledger.schemas.topics.TopicNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the accounting topology needs to know: topic names and the accounting parameters of DESIGN section 4.
 * Immutable; {@link #validate()} (called by {@link AccountingTopology#build}) reports every problem at once.
 *
 * @param topics            topic names (prefix configurable)
 * @param window            tumbling window length, aligned to the epoch (default 60 s)
 * @param hourlyWindow      the longer rollup per team (default 1 h); a multiple of {@code window}
 * @param grace             a window closes when stream time &gt; window end + grace; {@link #NEVER} = never closes
 * @param defaultIntensity  gCO2e/kWh when no intensity record is in effect (default 475)
 * @param defaultPue        PUE of unknown nodes and nodes without one (default 1.0)
 * @param seriesIdleExpiry  series state of a (pod, component) not seen for this long (event time) is dropped;
 *                          {@link #NEVER} keeps it forever. A series that comes back after expiry starts with a
 *                          new baseline.
 * @param maxFutureSkew     samples stamped later than wall clock + this go to the dead-letter topic
 * @param flushInterval     how often pre-aggregated partials are flushed downstream (wall clock)
 * @param accountingSignal  the intensity signal of the ledger (rule 5; {@code average} unless configured)
 * @param criticalClasses   workload classes an exhausted soft budget does not defer
 * @param budgetTick        how often (wall clock) the budget processor lets time pass without spend: period
 *                          rollover, burn alerts falling back, status refresh. Only where windows close (live)
 * @param statusRefresh     a budget status is republished at least this often while time passes
 * @param jobLengths        the job lengths a carbon-aware window decision is published for, per zone
 * @param windowRefresh     how often (wall clock) the carbon-aware windows are re-judged from the held forecasts
 * @param runbookBaseUrl    the runbook the budget alerts link to; alert names are its anchors
 * @param jsonMirrors       also publish the rollup, budget-status, SCI and policy topics as flat JSON on
 *                          {@code <topic>.json} ({@link JsonMirrorTopology}); off by default
 */
public record AccountingOptions(TopicNames topics, Duration window, Duration hourlyWindow, Duration grace,
                                double defaultIntensity, double defaultPue, Duration seriesIdleExpiry,
                                Duration maxFutureSkew, Duration flushInterval, AccountingSignal accountingSignal,
                                Set<String> criticalClasses, Duration budgetTick, Duration statusRefresh,
                                List<Duration> jobLengths, Duration windowRefresh, String runbookBaseUrl,
                                boolean jsonMirrors) {

    /** A duration meaning "never" (for grace and expiry), about 292 million years. */
    public static final Duration NEVER = Duration.ofMillis(Long.MAX_VALUE);

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_HOURLY_WINDOW = Duration.ofHours(1);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    public static final double DEFAULT_INTENSITY = 475.0;
    public static final double DEFAULT_PUE = 1.0;
    public static final Duration DEFAULT_SERIES_IDLE_EXPIRY = Duration.ofDays(7);
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(10);
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_BUDGET_TICK = Duration.ofSeconds(10);
    public static final Duration DEFAULT_STATUS_REFRESH = Duration.ofMinutes(1);
    public static final List<Duration> DEFAULT_JOB_LENGTHS = List.of(Duration.ofHours(1), Duration.ofHours(2),
            Duration.ofHours(4), Duration.ofHours(8));
    public static final Duration DEFAULT_WINDOW_REFRESH = Duration.ofMinutes(5);
    public static final String DEFAULT_RUNBOOK_URL =
            "https://github.com/carbon-ledger/carbon-ledger/blob/main/deploy/RUNBOOK.md";

    public AccountingOptions {
        Objects.requireNonNull(topics, "topics");
        criticalClasses = criticalClasses == null ? null : Set.copyOf(criticalClasses);
        jobLengths = jobLengths == null ? null : List.copyOf(jobLengths);
    }

    /** Defaults for the live pipeline. */
    public static AccountingOptions defaults() {
        return builder().build();
    }

    /**
     * Settings for {@code replay}: no window ever closes, series state never expires and recorded timestamps are
     * never "in the future", so that the final window values depend only on the input, never on how fast it was
     * processed or when it is replayed.
     */
    public static AccountingOptions forReplay(TopicNames topics, Duration window) {
        return builder().topics(topics).window(window).grace(NEVER).seriesIdleExpiry(NEVER).maxFutureSkew(NEVER).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().topics(topics).window(window).hourlyWindow(hourlyWindow).grace(grace)
                .defaultIntensity(defaultIntensity).defaultPue(defaultPue).seriesIdleExpiry(seriesIdleExpiry)
                .maxFutureSkew(maxFutureSkew).flushInterval(flushInterval).accountingSignal(accountingSignal)
                .criticalClasses(criticalClasses).budgetTick(budgetTick).statusRefresh(statusRefresh)
                .jobLengths(jobLengths).windowRefresh(windowRefresh).runbookBaseUrl(runbookBaseUrl)
                .jsonMirrors(jsonMirrors);
    }

    /** How budgets are judged: the accounting window, the critical classes and the status refresh. */
    public BurnSettings burnSettings() {
        return new BurnSettings(windowMillis(), criticalClasses, statusRefresh.toMillis());
    }

    public long windowMillis() { return window.toMillis(); }
    public long hourlyWindowMillis() { return hourlyWindow.toMillis(); }
    public long graceMillis() { return grace.toMillis(); }
    public boolean windowsClose() { return !grace.equals(NEVER); }
    public boolean seriesExpire() { return !seriesIdleExpiry.equals(NEVER); }

    /**
     * Checks every setting and reports all problems at once.
     *
     * @throws IllegalArgumentException listing every invalid setting
     */
    public AccountingOptions validate() {
        List<String> errors = new ArrayList<>();
        positive(errors, "window", window);
        positive(errors, "hourlyWindow", hourlyWindow);
        notNegative(errors, "grace", grace);
        positive(errors, "seriesIdleExpiry", seriesIdleExpiry);
        notNegative(errors, "maxFutureSkew", maxFutureSkew);
        positive(errors, "flushInterval", flushInterval);
        positive(errors, "budgetTick", budgetTick);
        positive(errors, "statusRefresh", statusRefresh);
        positive(errors, "windowRefresh", windowRefresh);
        if (accountingSignal == null) {
            errors.add("accountingSignal is required (average or marginal)");
        }
        if (criticalClasses == null) {
            errors.add("criticalClasses is required (may be empty)");
        } else if (criticalClasses.stream().anyMatch(c -> c == null || c.isBlank())) {
            errors.add("criticalClasses must not contain blank names, got " + criticalClasses);
        }
        if (jobLengths == null || jobLengths.isEmpty()) {
            errors.add("jobLengths must list at least one job length");
        } else {
            jobLengths.forEach(d -> positive(errors, "jobLengths entry", d));
        }
        if (runbookBaseUrl == null || runbookBaseUrl.isBlank()) {
            errors.add("runbookBaseUrl is required");
        }
        if (errors.isEmpty() && hourlyWindow.toMillis() % window.toMillis() != 0) {
            errors.add("hourlyWindow (" + hourlyWindow + ") must be a multiple of window (" + window + ")");
        }
        if (!(Double.isFinite(defaultIntensity) && defaultIntensity >= 0)) {
            errors.add("defaultIntensity must be a finite number >= 0 gCO2e/kWh, got " + defaultIntensity);
        }
        if (!(Double.isFinite(defaultPue) && defaultPue >= 1.0)) {
            errors.add("defaultPue must be a finite number >= 1.0, got " + defaultPue);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid accounting options: " + String.join("; ", errors));
        }
        return this;
    }

    private static void positive(List<String> errors, String name, Duration d) {
        if (d == null) {
            errors.add(name + " is required");
        } else if (d.isNegative() || d.isZero() || (d.toMillis() == 0)) {
            errors.add(name + " must be at least 1 ms, got " + d);
        }
    }

    private static void notNegative(List<String> errors, String name, Duration d) {
        if (d == null) {
            errors.add(name + " is required");
        } else if (d.isNegative()) {
            errors.add(name + " must not be negative, got " + d);
        }
    }

    /** Builder with the defaults above. */
    public static final class Builder {
        private TopicNames topics = TopicNames.defaults();
        private Duration window = DEFAULT_WINDOW;
        private Duration hourlyWindow = DEFAULT_HOURLY_WINDOW;
        private Duration grace = DEFAULT_GRACE;
        private double defaultIntensity = DEFAULT_INTENSITY;
        private double defaultPue = DEFAULT_PUE;
        private Duration seriesIdleExpiry = DEFAULT_SERIES_IDLE_EXPIRY;
        private Duration maxFutureSkew = DEFAULT_MAX_FUTURE_SKEW;
        private Duration flushInterval = DEFAULT_FLUSH_INTERVAL;
        private AccountingSignal accountingSignal = AccountingSignal.DEFAULT;
        private Set<String> criticalClasses = BurnSettings.DEFAULT_CRITICAL_CLASSES;
        private Duration budgetTick = DEFAULT_BUDGET_TICK;
        private Duration statusRefresh = DEFAULT_STATUS_REFRESH;
        private List<Duration> jobLengths = DEFAULT_JOB_LENGTHS;
        private Duration windowRefresh = DEFAULT_WINDOW_REFRESH;
        private String runbookBaseUrl = DEFAULT_RUNBOOK_URL;
        private boolean jsonMirrors;

        private Builder() {}

        public Builder topics(TopicNames v) { this.topics = v; return this; }
        public Builder window(Duration v) { this.window = v; return this; }
        public Builder hourlyWindow(Duration v) { this.hourlyWindow = v; return this; }
        public Builder grace(Duration v) { this.grace = v; return this; }
        public Builder defaultIntensity(double v) { this.defaultIntensity = v; return this; }
        public Builder defaultPue(double v) { this.defaultPue = v; return this; }
        public Builder seriesIdleExpiry(Duration v) { this.seriesIdleExpiry = v; return this; }
        public Builder maxFutureSkew(Duration v) { this.maxFutureSkew = v; return this; }
        public Builder flushInterval(Duration v) { this.flushInterval = v; return this; }
        public Builder accountingSignal(AccountingSignal v) { this.accountingSignal = v; return this; }
        public Builder criticalClasses(Set<String> v) { this.criticalClasses = v; return this; }
        public Builder budgetTick(Duration v) { this.budgetTick = v; return this; }
        public Builder statusRefresh(Duration v) { this.statusRefresh = v; return this; }
        public Builder jobLengths(List<Duration> v) { this.jobLengths = v; return this; }
        public Builder windowRefresh(Duration v) { this.windowRefresh = v; return this; }
        public Builder runbookBaseUrl(String v) { this.runbookBaseUrl = v; return this; }
        public Builder jsonMirrors(boolean v) { this.jsonMirrors = v; return this; }

        /** Builds and validates (all errors at once). */
        public AccountingOptions build() {
            return new AccountingOptions(topics, window, hourlyWindow, grace, defaultIntensity, defaultPue,
                    seriesIdleExpiry, maxFutureSkew, flushInterval, accountingSignal, criticalClasses, budgetTick,
                    statusRefresh, jobLengths, windowRefresh, runbookBaseUrl, jsonMirrors).validate();
        }
    }
}
