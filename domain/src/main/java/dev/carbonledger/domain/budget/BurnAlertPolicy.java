package dev.carbonledger.domain.budget;

/**
 * Multi-window, multi-burn-rate alerting as the SRE workbook does it for error budgets, scaled to the budget's period.
 * The workbook's windows assume a 30-day budget; here every window is the same fraction of the period, so that the
 * same share of the budget burnt raises the same alert whatever the period:
 * <ul>
 *   <li><b>fast burn</b> (pages): the burn rate is at least 14.4 over the last {@code P/720} <em>and</em> the last
 *       {@code P/8640} (1 h and 5 min of a 30-day month): 2 % of the budget gone in {@code P/720}, and still burning;</li>
 *   <li><b>slow burn</b> (opens a ticket): at least 3 over the last {@code P/30} and the last {@code P/360} (1 day
 *       and 2 h of a month): 10 % gone in {@code P/30}.</li>
 * </ul>
 * The burn rate is spend per unit of time over the sustainable rate ({@code limit / period length}): 1.0 spends
 * exactly the budget by the period's end. Windows are rounded up to whole buckets, and a bucket is never shorter than
 * the accounting window (spend is known per window): for a day budget and 60 s windows the fast burn is judged over
 * 2 min and 1 min, the slow over 48 min and 4 min. Alerts are judged on complete buckets (those before the one under
 * way), so they do not flap as a new bucket starts filling.
 *
 * @param bucketMillis       resolution of the spend history
 * @param fast               the paging condition
 * @param slow               the ticket condition
 * @param statusWindowMillis the window of the burn rate in the budget status and of its projected exhaustion
 *                           ({@code P/30}, the slow condition's long window: stable, yet recent)
 * @param ringSize           buckets of history kept: enough for the longest window
 */
public record BurnAlertPolicy(long bucketMillis, Condition fast, Condition slow, long statusWindowMillis, int ringSize) {
    public static final double FAST_FACTOR = 14.4;
    public static final double SLOW_FACTOR = 3.0;

    /** Burn rate at least {@code factor} over both windows. */
    public record Condition(double factor, long longMillis, long shortMillis) {
        public boolean holds(double longBurn, double shortBurn) {
            return longBurn >= factor && shortBurn >= factor;
        }
    }

    /** The policy of a period for spend known per {@code accountingWindowMillis}. */
    public static BurnAlertPolicy forPeriod(BudgetPeriod period, long accountingWindowMillis) {
        if (accountingWindowMillis <= 0) {
            throw new IllegalArgumentException("accounting window must be positive: " + accountingWindowMillis);
        }
        long p = period.nominalMillis();
        long bucket = roundUp(Math.max(accountingWindowMillis, p / 8640), accountingWindowMillis);
        Condition fast = new Condition(FAST_FACTOR, roundUp(p / 720, bucket), roundUp(p / 8640, bucket));
        Condition slow = new Condition(SLOW_FACTOR, roundUp(p / 30, bucket), roundUp(p / 360, bucket));
        long longest = Math.max(fast.longMillis(), slow.longMillis());
        return new BurnAlertPolicy(bucket, fast, slow, slow.longMillis(), Math.toIntExact(longest / bucket + 1));
    }

    private static long roundUp(long value, long unit) {
        return Math.max(unit, (value + unit - 1) / unit * unit);
    }
}
