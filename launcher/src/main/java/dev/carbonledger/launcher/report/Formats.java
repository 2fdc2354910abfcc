package dev.carbonledger.launcher.report;

import dev.carbonledger.domain.budget.Grams;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How numbers and times read in the Markdown report and the charts (the CSV and JSON files keep them raw). */
final class Formats {
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Formats() {}

    /** {@code 850 g}, {@code 12.5 kg}, {@code 3.2 t}. */
    static String grams(double grams) {
        return Grams.format(grams);
    }

    /** Three significant digits, never in exponent form: {@code 0.000486 kWh}, {@code 12.3 kWh}, {@code 4560 kWh}. */
    static String kwh(double kwh) {
        return significant(kwh) + " kWh";
    }

    static String significant(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(3, RoundingMode.HALF_UP)).stripTrailingZeros();
        return d.toPlainString();
    }

    /** {@code 25.4 %}; a dash for null. */
    static String percent(Double fraction) {
        if (fraction == null || !Double.isFinite(fraction)) {
            return "–";
        }
        return BigDecimal.valueOf(fraction * 100).setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
    }

    /** {@code 2024-03-01 10:00Z}, with seconds only when they are not zero; a dash for null. */
    static String time(Instant t) {
        if (t == null) {
            return "–";
        }
        return (t.getEpochSecond() % 60 == 0 && t.getNano() == 0 ? MINUTES : SECONDS).format(t);
    }

    /** {@code 2 h 30 min}, {@code 45 s}, {@code -5 min}; a dash for null. */
    static String duration(Duration d) {
        if (d == null) {
            return "–";
        }
        String sign = d.isNegative() ? "-" : "";
        Duration a = d.abs();
        long days = a.toDays();
        int hours = a.toHoursPart();
        int minutes = a.toMinutesPart();
        int seconds = a.toSecondsPart();
        StringBuilder s = new StringBuilder();
        if (days > 0) {
            s.append(days).append(" d ");
        }
        if (hours > 0) {
            s.append(hours).append(" h ");
        }
        if (minutes > 0) {
            s.append(minutes).append(" min ");
        }
        if (seconds > 0 || s.isEmpty()) {
            s.append(seconds).append(" s ");
        }
        return sign + s.toString().strip();
    }

    /** A number as it is, for machines: shortest exact decimal, never an exponent; empty for null. */
    static String raw(Double v) {
        if (v == null) {
            return "";
        }
        if (!Double.isFinite(v)) {
            return v.toString();
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** ISO-8601 for machines; empty for null. */
    static String iso(Instant t) {
        return t == null ? "" : t.toString();
    }
}
