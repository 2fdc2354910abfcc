package dev.carbonledger.launcher.report;

import dev.carbonledger.avro.PolicyDecision;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * A job's decision as {@code carbon-ledger wait-for-window} writes it on the policy topic: subject {@code job:<id>},
 * kind CARBON_WINDOW, RUN_AT with the start it was told (or DENY / DEFER when the budget gate refused), validFrom =
 * the submission time, and the inputs {@code jobId, submittedAt, duration, deadline, maxDelay, bestStart, gate,
 * forecastGeneratedAt}.
 *
 * @param submittedAt {@code inputs.submittedAt}, or validFrom when that is missing or not an instant
 */
public record JobDecision(String jobId, String verdict, String reason, Instant submittedAt, Instant recommendedStart,
        String zone, String team, Double expectedSavingFraction) {
    public static final String SUBJECT_PREFIX = "job:";

    public static boolean isJob(String subject) {
        return subject != null && subject.startsWith(SUBJECT_PREFIX) && subject.length() > SUBJECT_PREFIX.length();
    }

    public static JobDecision of(PolicyDecision d) {
        String id = d.getSubject().substring(SUBJECT_PREFIX.length());
        Map<String, String> inputs = d.getInputs() == null ? Map.of() : d.getInputs();
        return new JobDecision(id, d.getDecision().name(), d.getReason(), submittedAt(inputs.get("submittedAt"), d.getValidFrom()),
                d.getRecommendedStart(), d.getZone(), d.getTeam(), d.getExpectedSavingFraction());
    }

    /** A RUN_AT decision: the job was told when to start, so a counterfactual applies. */
    public boolean toldToWait() {
        return "RUN_AT".equals(verdict);
    }

    private static Instant submittedAt(String text, Instant validFrom) {
        if (text == null || text.isBlank()) {
            return validFrom;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            return validFrom;
        }
    }
}
