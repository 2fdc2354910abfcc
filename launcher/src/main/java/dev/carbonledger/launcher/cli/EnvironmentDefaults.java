package dev.carbonledger.launcher.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option can also be set from the environment, for Kubernetes: {@code --bootstrap-servers} is read from
 * {@code CARBON_LEDGER_BOOTSTRAP_SERVERS} when not given on the command line. The option's own default applies
 * when neither is set.
 */
public final class EnvironmentDefaults implements IDefaultValueProvider {
    public static final String PREFIX = "CARBON_LEDGER_";

    private final Map<String, String> environment;

    public EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** The variable an option reads, e.g. {@code --window} → {@code CARBON_LEDGER_WINDOW}. */
    public static String variableFor(String longOptionName) {
        String bare = longOptionName.replaceFirst("^-+", "");
        return PREFIX + bare.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /**
     * A variable of the environment this command line runs in (the one given to it, so tests can set it), or null.
     * For defaults that come from elsewhere than {@code CARBON_LEDGER_*}, e.g. {@code USER} for who made a change.
     */
    public String variable(String name) {
        return environment.get(name);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String fromEnvironment = environment.get(variableFor(option.longestName()));
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        return option.defaultValue();
    }
}
