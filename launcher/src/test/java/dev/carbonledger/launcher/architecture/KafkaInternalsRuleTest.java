package dev.carbonledger.launcher.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams' internal classes ({@code org.apache.kafka.streams..internals..}) are not an API: they change between
 * releases without notice. The project uses a few of them for speed ({@code CommitLoggedStore}, {@code WrappedStores}),
 * all in one package, {@code dev.carbonledger.streams.internal.kafka}, which is re-checked on every Kafka upgrade
 * (streams/README.md). No other class of any module may touch them. The launcher's tests see every module's classes.
 */
class KafkaInternalsRuleTest {
    static final String CONTAINED = "dev.carbonledger.streams.internal.kafka..";
    static final ArchRule RULE = noClasses().that().resideOutsideOfPackage(CONTAINED)
            .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.streams..internals..")
            .because("Kafka Streams internals are used in " + CONTAINED + " only, re-checked on every Kafka upgrade");

    private final JavaClasses production = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.carbonledger");

    @Test
    void shouldKeepKafkaStreamsInternalsInOnePackage() {
        assertThat(production.stream().map(c -> c.getPackageName()).distinct())
                .as("every module's classes are imported").contains("dev.carbonledger.streams.internal",
                        "dev.carbonledger.streams.internal.kafka", "dev.carbonledger.sinks.prometheus",
                        "dev.carbonledger.collectors", "dev.carbonledger.launcher");
        RULE.check(production);
    }

    @Test
    void shouldFailForAClassOutsideThePackageThatUsesThem() {
        JavaClasses offender = new ClassFileImporter().importClasses(UsesKafkaInternals.class);

        EvaluationResult result = RULE.evaluate(offender);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("UsesKafkaInternals", "InternalProcessorContext");
    }

    /** A class the rule must reject. */
    static final class UsesKafkaInternals {
        Class<?> internal = org.apache.kafka.streams.processor.internals.InternalProcessorContext.class;
    }
}
