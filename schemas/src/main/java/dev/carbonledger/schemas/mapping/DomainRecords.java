package dev.carbonledger.schemas.mapping;

import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.domain.budget.BudgetPeriod;
import dev.carbonledger.domain.budget.BudgetSpec;
import dev.carbonledger.domain.budget.BudgetTier;
import dev.carbonledger.domain.budget.BurnStatus;
import dev.carbonledger.domain.intensity.Signal;
import dev.carbonledger.domain.window.CarbonWindows;
import dev.carbonledger.domain.window.ForecastPoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Wire records (Avro) to and from the domain's values; the one place where the two meet. */
public final class DomainRecords {
    private DomainRecords() {}

    /**
     * The budget a record describes.
     *
     * @throws IllegalArgumentException listing every problem (empty team, limit not positive, bad thresholds ...)
     */
    public static BudgetSpec budget(Budget b) {
        return BudgetSpec.validated(b.getTeam(), b.getPeriod() == null ? null : BudgetPeriod.valueOf(b.getPeriod().name()),
                b.getLimitGrams(), b.getTier() == null ? null : BudgetTier.valueOf(b.getTier().name()), b.getThresholds());
    }

    public static Budget budget(BudgetSpec spec, String updatedBy, Instant updatedAt) {
        return Budget.newBuilder()
                .setTeam(spec.team())
                .setPeriod(dev.carbonledger.avro.BudgetPeriod.valueOf(spec.period().name()))
                .setLimitGrams(spec.limitGrams())
                .setTier(dev.carbonledger.avro.BudgetTier.valueOf(spec.tier().name()))
                .setThresholds(new ArrayList<>(spec.thresholds()))
                .setUpdatedBy(updatedBy)
                .setUpdatedAt(updatedAt)
                .build();
    }

    public static BudgetStatus status(BurnStatus s) {
        return BudgetStatus.newBuilder()
                .setTeam(s.team())
                .setPeriod(dev.carbonledger.avro.BudgetPeriod.valueOf(s.period().name()))
                .setTier(dev.carbonledger.avro.BudgetTier.valueOf(s.tier().name()))
                .setPeriodStart(Instant.ofEpochMilli(s.periodStart()))
                .setPeriodEnd(Instant.ofEpochMilli(s.periodEnd()))
                .setLimitGrams(s.limitGrams())
                .setSpentGrams(s.spentGrams())
                .setRemainingGrams(s.remainingGrams())
                .setFraction(s.fraction())
                .setBurnRate(s.burnRate())
                .setProjectedExhaustion(s.projectedExhaustion() == null ? null : Instant.ofEpochMilli(s.projectedExhaustion()))
                .setUpdatedAt(Instant.ofEpochMilli(s.asOf()))
                .setEnergyJoules(s.energyJoules())
                .setTransferredGrams(s.transferredGrams())
                .build();
    }

    public static BurnStatus status(BudgetStatus s) {
        return new BurnStatus(s.getTeam(), BudgetPeriod.valueOf(s.getPeriod().name()), BudgetTier.valueOf(s.getTier().name()),
                s.getPeriodStart().toEpochMilli(), s.getPeriodEnd().toEpochMilli(), s.getLimitGrams(),
                s.getTransferredGrams(), s.getSpentGrams(), s.getEnergyJoules(), s.getBurnRate(),
                s.getProjectedExhaustion() == null ? null : s.getProjectedExhaustion().toEpochMilli(),
                s.getUpdatedAt().toEpochMilli());
    }

    /** The forecast's points, sorted, without overlaps ({@link CarbonWindows#normalized}). */
    public static List<ForecastPoint> points(IntensityForecast forecast) {
        List<ForecastPoint> points = new ArrayList<>(forecast.getPoints().size());
        for (dev.carbonledger.avro.ForecastPoint p : forecast.getPoints()) {
            points.add(new ForecastPoint(p.getFrom().toEpochMilli(), p.getDurationSeconds() * 1000L, p.getGCo2ePerKwh()));
        }
        return CarbonWindows.normalized(points);
    }

    public static Signal signal(IntensitySignal signal) {
        return signal == null ? Signal.AVERAGE : Signal.valueOf(signal.name());
    }

    public static IntensitySignal signal(Signal signal) {
        return IntensitySignal.valueOf(signal.name());
    }
}
