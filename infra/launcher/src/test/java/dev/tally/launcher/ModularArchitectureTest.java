package dev.tally.launcher;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module boundaries, checked on the compiled classes: the shared kernel stays free of Spring, JPA
 * and Hibernate; the four services talk only through shared-kernel types and the buses, never through each other's
 * classes; the platform knows none of them.
 */
@AnalyzeClasses(packages = "dev.tally",
        importOptions = {ImportOption.DoNotIncludeTests.class, ModularArchitectureTest.DoNotIncludeTestJars.class})
class ModularArchitectureTest {
    /** The test support other modules' tests share (their {@code -tests.jar}): test code, not the modules'. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    private static final String KERNEL = "dev.tally.kernel..";
    private static final String PLATFORM = "dev.tally.platform..";
    private static final String COMMAND = "dev.tally.command..";
    private static final String QUERY = "dev.tally.query..";
    private static final String SAGA = "dev.tally.saga..";
    private static final String WATCHER = "dev.tally.watcher..";
    private static final String LAUNCHER = "dev.tally.launcher..";
    private static final String AUDIT = "dev.tally.audit..";
    private static final String INTEGRATIONS = "dev.tally.integrations..";
    private static final String SIGNER = "dev.tally.signer..";
    /** What holds or uses a private key: web3j's and trident's key pairs and signing. */
    private static final String[] KEY_CLASSES = {"org.web3j.crypto.ECKeyPair", "org.web3j.crypto.Bip32ECKeyPair",
            "org.web3j.crypto.Credentials", "org.web3j.crypto.Sign", "org.web3j.crypto.TransactionEncoder",
            "org.tron.trident.core.key.KeyPair", "org.tron.trident.crypto.SECP256K1$KeyPair",
            "org.tron.trident.crypto.SECP256K1$PrivateKey"};

    @ArchTest
    static final ArchRule kernelHasNoFrameworks = noClasses().that().resideInAPackage(KERNEL)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.persistence..",
                    "org.hibernate..", "javax.persistence..")
            .because("shared-kernel is plain Java shared by every module");

    @ArchTest
    static final ArchRule kernelDependsOnNoModule = noClasses().that().resideInAPackage(KERNEL)
            .should().dependOnClassesThat().resideInAnyPackage(PLATFORM, COMMAND, QUERY, SAGA, WATCHER, AUDIT, INTEGRATIONS, LAUNCHER);

    @ArchTest
    static final ArchRule platformKnowsNoService = noClasses().that().resideInAPackage(PLATFORM)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, SAGA, WATCHER, AUDIT, INTEGRATIONS, LAUNCHER);

    @ArchTest
    static final ArchRule commandSideIsSelfContained = noClasses().that().resideInAPackage(COMMAND)
            .should().dependOnClassesThat().resideInAnyPackage(QUERY, SAGA, WATCHER, AUDIT, INTEGRATIONS, LAUNCHER, SIGNER);

    @ArchTest
    static final ArchRule querySideIsSelfContained = noClasses().that().resideInAPackage(QUERY)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, SAGA, WATCHER, AUDIT, INTEGRATIONS, LAUNCHER, SIGNER);

    @ArchTest
    static final ArchRule sagaCoordinatorIsSelfContained = noClasses().that().resideInAPackage(SAGA)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, WATCHER, AUDIT, INTEGRATIONS, LAUNCHER, SIGNER);

    @ArchTest
    static final ArchRule chainWatcherIsSelfContained = noClasses().that().resideInAPackage(WATCHER)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, SAGA, AUDIT, INTEGRATIONS, LAUNCHER, SIGNER);

    @ArchTest
    static final ArchRule auditIsSelfContained = noClasses().that().resideInAPackage(AUDIT)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, SAGA, WATCHER, INTEGRATIONS, LAUNCHER, SIGNER)
            .because("the audit module reads the event store and shared-kernel events, never another module's classes");

    @ArchTest
    static final ArchRule integrationsAreSelfContained = noClasses().that().resideInAPackage(INTEGRATIONS)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, SAGA, WATCHER, AUDIT, LAUNCHER, SIGNER)
            .because("integrations read the event store and shared-kernel events, never another module's classes");

    @ArchTest
    static final ArchRule launcherOnlyComposes = noClasses().that().resideInAPackage(LAUNCHER)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, SAGA, WATCHER, AUDIT, INTEGRATIONS)
            .orShould().dependOnClassesThat(resideInAPackage(SIGNER).and(not(name("dev.tally.signer.KeystoreCli"))))
            .because("the launcher composes the services through their auto-configurations only (and offers the "
                     + "signer's keystore tool on its command line)");

    @ArchTest
    static final ArchRule signerIsSelfContained = noClasses().that().resideInAPackage(SIGNER)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, SAGA, WATCHER, AUDIT, INTEGRATIONS,
                                                               LAUNCHER)
            .because("the signer reads the event store and shared-kernel events, and answers on the command bus");

    @ArchTest
    static final ArchRule onlyTheSignerHoldsKeys = noClasses().that().resideOutsideOfPackage(SIGNER)
            .should().dependOnClassesThat(nameIn(KEY_CLASSES))
            .because("no module but the signer sees a private key: the others ask it for signed transactions");

    @ArchTest
    static final ArchRule developmentKeysStayWithTheSandboxKeys = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.tally.command.address.ChainKeys")
            .and().doNotHaveFullyQualifiedName("dev.tally.command.address.ExtendedPrivateKey")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.tally.command.address.ExtendedPrivateKey")
            .because("the command side's own private keys are the sandbox chain's development keys, which hold no "
                     + "real money; real keys are the signer's alone");

    private static DescribedPredicate<JavaClass> nameIn(String... names) {
        java.util.Set<String> set = java.util.Set.of(names);
        return DescribedPredicate.describe("one of " + set, javaClass -> set.contains(javaClass.getName()));
    }
}
