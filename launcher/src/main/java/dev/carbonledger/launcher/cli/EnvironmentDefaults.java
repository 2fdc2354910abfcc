package dev.carbonledger.launcher.cli;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option can also be set from the environment, for Kubernetes: {@code --bootstrap-servers} is read from
 * {@code CARBON_LEDGER_BOOTSTRAP_SERVERS} when not given on the command line, or from the file named by
 * {@code CARBON_LEDGER_BOOTSTRAP_SERVERS_FILE} (its content, without the trailing newline; for values kept in
 * Kubernetes Secrets). The option's own default applies when none is set.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
    public static final String PREFIX = "CARBON_LEDGER_";
    /** {@code CARBON_LEDGER_<OPTION>_FILE=/path}: the option's value is the file's content (a mounted Secret). */
    public static final String FILE_SUFFIX = "_FILE";

    private final Map<String, String> environment;

    public EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The variable an option reads, e.g. {@code --window} → {@code CARBON_LEDGER_WINDOW}. */
    public static String variableFor(String longOptionName) {
        String bare = longOptionName.replaceFirst("^-+", "");
        return PREFIX + bare.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** Whether the environment sets {@code --option}: its variable or its {@code _FILE} variant, not blank. */
    public boolean provides(String longOptionName) {
        String variable = variableFor(longOptionName);
        return !blank(environment.get(variable)) || !blank(environment.get(variable + FILE_SUFFIX));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * A variable of the environment this command line runs in (the one given to it, so tests can set it), or null.
     * For defaults that come from elsewhere than {@code CARBON_LEDGER_*}, e.g. {@code USER} for who made a change.
     */
    public String variable(String name) {
        return environment.get(name);
    }

    /** The whole environment this command line runs in (the one given to it, so tests can set it). */
    public Map<String, String> environment() {
        return environment;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String variable = variableFor(option.longestName());
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return RENDERING_HELP.get() ? masked(option.longestName(), fromEnvironment) : fromEnvironment;
        }
        String file = environment.get(variable + FILE_SUFFIX);
        if (file != null && !file.isBlank()) {
            return RENDERING_HELP.get() ? "(from " + variable + FILE_SUFFIX + ")" : SecretFiles.read(variable + FILE_SUFFIX, file);
        }
        return option.defaultValue();
    }

    /** True while a help text is rendered: defaults taken from the environment are shown without their secrets. */
    private static final ThreadLocal<Boolean> RENDERING_HELP = ThreadLocal.withInitial(() -> false);
    private static final Pattern SECRET_OPTION = Pattern.compile("(?i).*(token|password|secret|credential|jaas).*");
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@\\s:]*:)[^@/\\s]*@");
    private static final Pattern QUOTED_PASSWORD = Pattern.compile("(?i)(password\\s*=\\s*)\"[^\"]*\"");
    private static final Pattern SECRET_PROPERTY = Pattern.compile("(?i)([\\w.]*(password|jaas|secret|token|user\\.info)[\\w.]*=)[^,;\\s]*");

    /** Runs {@code render} (a help section) with defaults from the environment shown masked. */
    public static String renderingHelp(java.util.function.Supplier<String> render) {
        boolean before = RENDERING_HELP.get();
        RENDERING_HELP.set(true);
        try {
            return render.get();
        } finally {
            RENDERING_HELP.set(before);
        }
    }

    /**
     * How a default from the environment shows in a help text: a secret option's value not at all, a URL's password
     * and a Kafka property's password (JAAS {@code password="..."}, {@code *password*=}, {@code basic.auth.user.info=})
     * as {@code ****}.
     */
    static String masked(String option, String value) {
        if (SECRET_OPTION.matcher(option).matches()) {
            return "****";
        }
        String out = URL_PASSWORD.matcher(value).replaceAll("$1****@");
        out = QUOTED_PASSWORD.matcher(out).replaceAll("$1\"****\"");
        if (QUOTED_PASSWORD.matcher(value).find()) {
            return out;
        }
        return SECRET_PROPERTY.matcher(out).replaceAll("$1****");
    }
}
