package io.ratelimiter.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The lines between the modules, on every compiled class of the tree, tests included (each module's
 * target/classes and target/test-classes, built before this module by the reactor).
 */
class ModuleBoundariesTest {

    private static final List<String> MODULES = List.of("real-servers", "limiter-core", "limiter", "limiter-testkit",
            "shortener-api", "admin-ui", "local-cluster", "loadtest", "system-tests", "deploy-checks");

    private static final JavaClasses CLASSES = new ClassFileImporter().importPaths(MODULES.stream()
            .flatMap(module -> Stream.of(Path.of("..", module, "target", "classes"), Path.of("..", module, "target", "test-classes")))
            .filter(Files::isDirectory)
            .toList());

    @Test
    void nothingOutsideTheLimiterImportsItsInternals() {
        noClasses().that().resideOutsideOfPackages("io.ratelimiter.limiter..")
                .should().dependOnClassesThat().resideInAPackage("io.ratelimiter.limiter.internal..")
                .because("tools and apps use the limiter's public API, or limiter-testkit where they drive its Redis side")
                .check(CLASSES);
    }

    @Test
    void theLimitersCoreKnowsNothingOfItsHttpFilter() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.ratelimiter.limiter.http..")
                .because("limiter-core serves the console and any caller of RateLimiter; the filter is the limiter module's")
                .check(new ClassFileImporter().importPath(Path.of("..", "limiter-core", "target", "classes")));
    }

    @Test
    void theConsoleUsesTheLimitersCoreWithoutItsFilter() {
        noClasses().that().resideInAPackage("io.ratelimiter.admin..")
                .should().dependOnClassesThat().resideInAPackage("io.ratelimiter.limiter.http..")
                .check(CLASSES);
    }
}
