package dev.carbonledger.launcher.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Writes a report into a directory (created): report.md, report.json, teams.csv, budgets.csv, jobs.csv and one
 * chart per job that has a counterfactual, {@code job-<id>.svg}.
 */
final class ReportFiles {
    private static final int MAX_NAME = 80;

    private ReportFiles() {}

    /** The report as written, with the chart file of each job; the paths written, in order. */
    record Written(Report report, List<Path> paths) {}

    static Written write(Report report, Path dir) {
        try {
            Files.createDirectories(dir);
            List<JobRow> jobs = new ArrayList<>();
            List<Path> charts = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (JobRow job : report.jobs()) {
                if (job.hasCounterfactual()) {
                    String name = unique(chartName(job.jobId()), names);
                    Path chart = write(dir.resolve(name), JobChart.render(job, report.intensity().timeline(job.zone())));
                    charts.add(chart);
                    job = job.withChart(name);
                }
                jobs.add(job);
            }
            Report written = report.withJobs(jobs);
            List<Path> paths = new ArrayList<>();
            paths.add(write(dir.resolve("report.md"), ReportMarkdown.render(written)));
            paths.add(write(dir.resolve("report.json"), ReportJson.render(written)));
            paths.add(write(dir.resolve("teams.csv"), ReportCsv.teams(written)));
            paths.add(write(dir.resolve("budgets.csv"), ReportCsv.budgets(written)));
            paths.add(write(dir.resolve("jobs.csv"), ReportCsv.jobs(written)));
            paths.addAll(charts);
            return new Written(written, paths);
        } catch (IOException e) {
            throw new ReportFailure("cannot write the report to " + dir + ": " + e, e);
        }
    }

    /**
     * {@code job-<id>.svg} with every character outside {@code [A-Za-z0-9._-]} replaced by {@code _}; when anything
     * was replaced (or cut, past 80 characters) a hash of the id keeps different ids apart.
     */
    static String chartName(String jobId) {
        String safe = jobId.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > MAX_NAME) {
            safe = safe.substring(0, MAX_NAME);
        }
        if (!safe.equals(jobId) || safe.startsWith(".")) {
            safe = safe + "-" + String.format(Locale.ROOT, "%08x", jobId.hashCode());
        }
        return "job-" + safe + ".svg";
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int i = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); i++) {
            candidate = name.replaceFirst("\\.svg$", "-" + i + ".svg");
        }
        return candidate;
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
