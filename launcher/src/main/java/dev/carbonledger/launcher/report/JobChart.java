package dev.carbonledger.launcher.report;

import dev.carbonledger.domain.intensity.IntensityTimeline;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One job's chart as hand-written SVG: from the submission to the end of the run, the grid intensity of the job's
 * zone (a step line, left axis), the job's IT power as run (a filled area, right axis) and the same power moved to
 * the submission time (a dashed outline), with markers at the submission and at the actual start.
 */
final class JobChart {
    static final int WIDTH = 1000;
    static final int HEIGHT = 600;
    private static final int LEFT = 90;
    private static final int RIGHT = WIDTH - 90;
    private static final int TOP = 84;
    private static final int BOTTOM = HEIGHT - 120;
    private static final int MAX_POWER_STEPS = 600;
    private static final String INTENSITY_COLOR = "#d9480f";
    private static final String POWER_COLOR = "#1c7ed6";
    private static final String SUBMITTED_COLOR = "#495057";
    private static final String STARTED_COLOR = "#2b8a3e";
    private static final String FONT = "font-family=\"Helvetica, Arial, sans-serif\"";
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_MINUTE_SECOND = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final JobRow job;
    private final long submitted;
    private final long started;
    private final long from;
    private final long to;
    private final StepSeries intensity;
    private final StepSeries asRun;
    private final StepSeries asSubmitted;
    private final double intensityMax;
    private final double powerMax;

    private JobChart(JobRow job, IntensityTimeline timeline) {
        this.job = job;
        this.submitted = job.decision().submittedAt().toEpochMilli();
        this.started = job.actualStart().toEpochMilli();
        long end = job.actualEnd().toEpochMilli();
        long first = Math.min(submitted, started);
        long last = Math.max(end, end - (started - submitted));
        long pad = Math.max(1, (last - first) / 40);
        this.from = first - pad;
        this.to = last + pad;
        this.intensity = intensity(timeline, from, to);
        this.asRun = PowerProfile.watts(job.pieces()).resampled(MAX_POWER_STEPS);
        this.asSubmitted = asRun.shifted(submitted - started);
        this.intensityMax = top(intensity.max());
        this.powerMax = top(asRun.max());
    }

    /**
     * The chart of a job with a counterfactual, priced on {@code timeline} (the intensity of the job's zone).
     *
     * @throws IllegalArgumentException for a job that did not run
     */
    static String render(JobRow job, IntensityTimeline timeline) {
        if (!job.ran()) {
            throw new IllegalArgumentException("job " + job.jobId() + " has no recorded energy to chart");
        }
        return new JobChart(job, timeline).svg();
    }

    /** The highest tick of an axis whose data reach {@code max}, with a little headroom. */
    private static double top(double max) {
        List<Double> ticks = Ticks.values(max * 1.05, 5);
        return ticks.get(ticks.size() - 1);
    }

    /** The intensity in effect over [from, to], as a step series cut where it changes. */
    static StepSeries intensity(IntensityTimeline timeline, long from, long to) {
        List<Long> times = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        long t = from;
        while (t < to) {
            times.add(t);
            values.add(timeline.at(t).gCo2ePerKwh());
            t = Math.min(to, timeline.nextChangeAfter(t));
        }
        times.add(to);
        return new StepSeries(times.stream().mapToLong(Long::longValue).toArray(),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private String svg() {
        StringBuilder s = new StringBuilder(16_384);
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" ").append(FONT)
                .append(" font-size=\"13\">\n");
        s.append("<title>").append(xml(title())).append("</title>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        heading(s);
        grid(s);
        series(s);
        markers(s);
        axes(s);
        legend(s);
        s.append("</svg>\n");
        return s.toString();
    }

    private String title() {
        Double saving = job.savingGrams();
        String head = "Job " + job.jobId();
        if (saving == null) {
            return head + ": as run " + Formats.grams(job.asRunGrams()) + " CO2e";
        }
        return saving >= 0
                ? head + ": waiting saved " + Formats.grams(saving) + " CO2e (" + Formats.percent(job.savingFraction()) + ")"
                : head + ": waiting cost " + Formats.grams(-saving) + " CO2e more (" + Formats.percent(-job.savingFraction()) + ")";
    }

    private void heading(StringBuilder s) {
        s.append("<text id=\"title\" x=\"").append(LEFT).append("\" y=\"30\" font-size=\"19\" font-weight=\"bold\" fill=\"#212529\">")
                .append(xml(title())).append("</text>\n");
        String details = "team " + orDash(job.team()) + " · zone " + orDash(job.zone()) + " · as run "
                + Formats.grams(job.asRunGrams()) + (job.counterfactualGrams() == null ? ""
                        : " · if started at submission " + Formats.grams(job.counterfactualGrams()))
                + " · waited " + Formats.duration(job.waited()) + " · " + Formats.kwh(job.energyJoules() / 3.6e6) + " (IT)";
        s.append("<text id=\"subtitle\" x=\"").append(LEFT).append("\" y=\"54\" fill=\"#495057\">").append(xml(details))
                .append("</text>\n");
    }

    private void grid(StringBuilder s) {
        s.append("<g id=\"grid\" stroke=\"#e9ecef\" stroke-width=\"1\">\n");
        for (double v : Ticks.values(intensityMax, 5)) {
            double y = yIntensity(v);
            s.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(f(y)).append("\" x2=\"").append(RIGHT)
                    .append("\" y2=\"").append(f(y)).append("\"/>\n");
        }
        s.append("</g>\n");
    }

    private void series(StringBuilder s) {
        s.append("<path id=\"power-as-run\" class=\"power\" d=\"").append(area(asRun)).append("\" fill=\"").append(POWER_COLOR)
                .append("\" fill-opacity=\"0.30\" stroke=\"").append(POWER_COLOR).append("\" stroke-width=\"1.5\"/>\n");
        s.append("<path id=\"power-as-submitted\" class=\"power\" d=\"").append(outline(asSubmitted))
                .append("\" fill=\"none\" stroke=\"").append(POWER_COLOR).append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n");
        s.append("<path id=\"intensity\" class=\"intensity\" d=\"").append(steps(intensity)).append("\" fill=\"none\" stroke=\"")
                .append(INTENSITY_COLOR).append("\" stroke-width=\"2.5\"/>\n");
    }

    private void markers(StringBuilder s) {
        double xs = x(submitted);
        double xa = x(started);
        boolean crowded = Math.abs(xa - xs) < 150;
        marker(s, "marker-submitted", xs, SUBMITTED_COLOR, "submitted " + clock(submitted), TOP + 16);
        marker(s, "marker-started", xa, STARTED_COLOR, "started " + clock(started), crowded ? TOP + 34 : TOP + 16);
    }

    private static void marker(StringBuilder s, String id, double x, String color, String label, int labelY) {
        boolean nearRight = x > RIGHT - 160;
        s.append("<g id=\"").append(id).append("\">\n");
        s.append("<line x1=\"").append(f(x)).append("\" y1=\"").append(TOP).append("\" x2=\"").append(f(x)).append("\" y2=\"")
                .append(BOTTOM).append("\" stroke=\"").append(color).append("\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\"/>\n");
        s.append("<text x=\"").append(f(nearRight ? x - 5 : x + 5)).append("\" y=\"").append(labelY).append("\" fill=\"").append(color)
                .append("\" font-weight=\"bold\" text-anchor=\"").append(nearRight ? "end" : "start")
                .append("\" stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\">").append(xml(label)).append("</text>\n");
        s.append("</g>\n");
    }

    private void axes(StringBuilder s) {
        s.append("<g id=\"axes\" stroke=\"#495057\" stroke-width=\"1\">\n");
        s.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(BOTTOM).append("\" x2=\"").append(RIGHT).append("\" y2=\"")
                .append(BOTTOM).append("\"/>\n");
        s.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT).append("\" y2=\"")
                .append(BOTTOM).append("\" stroke=\"").append(INTENSITY_COLOR).append("\"/>\n");
        s.append("<line x1=\"").append(RIGHT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(RIGHT).append("\" y2=\"")
                .append(BOTTOM).append("\" stroke=\"").append(POWER_COLOR).append("\"/>\n");
        s.append("</g>\n");
        timeAxis(s);
        valueAxis(s, "axis-intensity", Ticks.values(intensityMax, 5), true);
        valueAxis(s, "axis-power", Ticks.values(powerMax, 5), false);
    }

    private void timeAxis(StringBuilder s) {
        long step = Ticks.timeStep(to - from, 8);
        s.append("<g id=\"axis-time\" fill=\"#212529\" text-anchor=\"middle\">\n");
        String previousDate = null;
        for (long t : Ticks.times(from, to, step)) {
            double x = x(t);
            s.append("<line x1=\"").append(f(x)).append("\" y1=\"").append(BOTTOM).append("\" x2=\"").append(f(x))
                    .append("\" y2=\"").append(BOTTOM + 5).append("\" stroke=\"#495057\"/>\n");
            s.append("<text class=\"tick\" x=\"").append(f(x)).append("\" y=\"").append(BOTTOM + 20).append("\">")
                    .append(step >= 86_400_000 ? DATE.format(Instant.ofEpochMilli(t)) : clock(t, step)).append("</text>\n");
            String date = DATE.format(Instant.ofEpochMilli(t));
            if (step < 86_400_000 && !date.equals(previousDate)) {
                s.append("<text class=\"tick-date\" x=\"").append(f(x)).append("\" y=\"").append(BOTTOM + 36)
                        .append("\" fill=\"#868e96\" font-size=\"11\">").append(date).append("</text>\n");
            }
            previousDate = date;
        }
        s.append("<text class=\"axis-title\" x=\"").append((LEFT + RIGHT) / 2).append("\" y=\"").append(BOTTOM + 56)
                .append("\" fill=\"#495057\">time (UTC)</text>\n");
        s.append("</g>\n");
    }

    private void valueAxis(StringBuilder s, String id, List<Double> ticks, boolean left) {
        String color = left ? INTENSITY_COLOR : POWER_COLOR;
        int axisX = left ? LEFT : RIGHT;
        s.append("<g id=\"").append(id).append("\" fill=\"").append(color).append("\" text-anchor=\"")
                .append(left ? "end" : "start").append("\">\n");
        for (double v : ticks) {
            double y = left ? yIntensity(v) : yPower(v);
            s.append("<line x1=\"").append(axisX).append("\" y1=\"").append(f(y)).append("\" x2=\"")
                    .append(left ? axisX - 5 : axisX + 5).append("\" y2=\"").append(f(y)).append("\" stroke=\"").append(color)
                    .append("\"/>\n");
            s.append("<text class=\"tick\" x=\"").append(left ? axisX - 8 : axisX + 8).append("\" y=\"").append(f(y + 4))
                    .append("\">").append(Formats.significant(left || !inKilowatts() ? v : v / 1000)).append("</text>\n");
        }
        String title = left ? "grid intensity, gCO2e/kWh (zone " + orDash(job.zone()) + ")"
                : "job power, " + (inKilowatts() ? "kW" : "W") + " (IT, without PUE)";
        int titleX = left ? 24 : WIDTH - 18;
        int middle = (TOP + BOTTOM) / 2;
        s.append("<text class=\"axis-title\" x=\"").append(titleX).append("\" y=\"").append(middle)
                .append("\" text-anchor=\"middle\" transform=\"rotate(").append(left ? -90 : 90).append(' ').append(titleX)
                .append(' ').append(middle).append(")\">").append(xml(title)).append("</text>\n");
        s.append("</g>\n");
    }

    /** Large jobs read better in kW than in five-digit watts. */
    private boolean inKilowatts() {
        return powerMax >= 10_000;
    }

    private void legend(StringBuilder s) {
        int y = HEIGHT - 22;
        s.append("<g id=\"legend\" fill=\"#212529\">\n");
        int x = LEFT;
        s.append("<rect x=\"").append(x).append("\" y=\"").append(y - 11).append("\" width=\"24\" height=\"13\" fill=\"")
                .append(POWER_COLOR).append("\" fill-opacity=\"0.30\" stroke=\"").append(POWER_COLOR).append("\"/>\n");
        x = legendText(s, x + 30, y, "power as run");
        s.append("<line x1=\"").append(x).append("\" y1=\"").append(y - 4).append("\" x2=\"").append(x + 24).append("\" y2=\"")
                .append(y - 4).append("\" stroke=\"").append(POWER_COLOR).append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n");
        x = legendText(s, x + 30, y, "power if started at submission");
        s.append("<line x1=\"").append(x).append("\" y1=\"").append(y - 4).append("\" x2=\"").append(x + 24).append("\" y2=\"")
                .append(y - 4).append("\" stroke=\"").append(INTENSITY_COLOR).append("\" stroke-width=\"2.5\"/>\n");
        x = legendText(s, x + 30, y, "grid intensity");
        x = legendMarker(s, x, y, SUBMITTED_COLOR, "submitted");
        legendMarker(s, x, y, STARTED_COLOR, "started");
        s.append("</g>\n");
    }

    private static int legendMarker(StringBuilder s, int x, int y, String color, String label) {
        s.append("<line x1=\"").append(x + 4).append("\" y1=\"").append(y - 14).append("\" x2=\"").append(x + 4).append("\" y2=\"")
                .append(y + 4).append("\" stroke=\"").append(color).append("\" stroke-width=\"2\" stroke-dasharray=\"2 3\"/>\n");
        return legendText(s, x + 12, y, label);
    }

    /** Writes a legend label and returns where the next entry starts (widths estimated for a 13 px sans-serif). */
    private static int legendText(StringBuilder s, int x, int y, String label) {
        s.append("<text class=\"legend\" x=\"").append(x).append("\" y=\"").append(y).append("\">").append(xml(label)).append("</text>\n");
        return x + (int) Math.ceil(label.length() * 6.6) + 28;
    }

    /** A closed area under a step series, down to zero. */
    private String area(StepSeries p) {
        return outline(p) + " Z";
    }

    /** The outline of a step series from zero up and back down to zero. */
    private String outline(StepSeries p) {
        if (p.isEmpty()) {
            return "M" + f(x(submitted)) + "," + f(yPower(0));
        }
        StringBuilder d = new StringBuilder();
        d.append('M').append(f(x(p.start()))).append(',').append(f(yPower(0)));
        for (int i = 0; i < p.steps(); i++) {
            double y = yPower(p.value(i));
            d.append(" L").append(f(x(p.time(i)))).append(',').append(f(y));
            d.append(" L").append(f(x(p.time(i + 1)))).append(',').append(f(y));
        }
        d.append(" L").append(f(x(p.end()))).append(',').append(f(yPower(0)));
        return d.toString();
    }

    /** A step line. */
    private String steps(StepSeries p) {
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < p.steps(); i++) {
            double y = yIntensity(p.value(i));
            d.append(i == 0 ? "M" : " L").append(f(x(p.time(i)))).append(',').append(f(y));
            d.append(" L").append(f(x(p.time(i + 1)))).append(',').append(f(y));
        }
        return d.toString();
    }

    private double x(long t) {
        return LEFT + (double) (t - from) / (to - from) * (RIGHT - LEFT);
    }

    private double yIntensity(double v) {
        return BOTTOM - v / intensityMax * (BOTTOM - TOP);
    }

    private double yPower(double v) {
        return BOTTOM - v / powerMax * (BOTTOM - TOP);
    }

    private String clock(long t) {
        return clock(t, 60_000);
    }

    private static String clock(long t, long precision) {
        Instant i = Instant.ofEpochMilli(t);
        return (precision % 60_000 == 0 && i.getEpochSecond() % 60 == 0 ? HOUR_MINUTE : HOUR_MINUTE_SECOND).format(i);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String orDash(String s) {
        return s == null ? "–" : s;
    }

    /** Text for XML content and attributes. */
    static String xml(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\n' || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
