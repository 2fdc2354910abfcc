package dev.carbonledger.sinks.policy;

import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.SciWindow;
import java.time.Instant;

/** Records of the live view's windowed topics (team windows and SCI windows), as the streams app writes them. */
final class LiveFixtures {
    private LiveFixtures() {}

    /** A team's window of {@code seconds} from {@code start} with {@code grams} CO2e (10 J per gram). */
    static EmissionsWindow teamWindow(String team, Instant start, int seconds, double grams, boolean closed) {
        return EmissionsWindow.newBuilder().setDimension("team").setGroup(team).setWindowStart(start)
                .setWindowEnd(start.plusSeconds(seconds)).setEnergyJoules(grams * 10).setCo2eGrams(grams).setPieces(3)
                .setFinal$(closed).build();
    }

    static String windowKey(EmissionsWindow w) {
        return w.getGroup() + "@" + w.getWindowStart().toEpochMilli();
    }

    /** A model's SCI window; {@code sci} null when no functional unit was counted. */
    static SciWindow sciWindow(String model, String unit, Instant start, int seconds, double operational,
                               double embodied, double units, Double sci, boolean closed) {
        return SciWindow.newBuilder().setModel(model).setUnit(unit).setWindowStart(start)
                .setWindowEnd(start.plusSeconds(seconds)).setEnergyJoules(operational * 10)
                .setOperationalGrams(operational).setEmbodiedGrams(embodied).setFunctionalUnits(units)
                .setSciGramsPerUnit(sci).setFinal$(closed).build();
    }

    static String sciKey(SciWindow w) {
        return w.getModel() + "/" + w.getUnit() + "@" + w.getWindowStart().toEpochMilli();
    }
}
