package dev.tally.launcher.audit;

import dev.tally.launcher.TallyApplication;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The all-in-one launcher over real HTTP on a database of its own, shared by the audit tests (one context). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "tally.admin.api-key=" + LauncherWithAudit.ADMIN_KEY,
                "tally.sandbox.block-interval=200ms",
                "tally.audit.link-interval=200ms",
                "tally.audit.gap-timeout=2s",
                "tally.audit.signing-key-file=${java.io.tmpdir}/tally-audit-trail-${random.uuid}/key.properties"
        })
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@interface LauncherWithAudit {
    String ADMIN_KEY = "tly_admin_audit_trail_0123456789abcdefghij";
}
