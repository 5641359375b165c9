package dev.tally.audit;

import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.platform.security.Role;
import dev.tally.platform.security.TallyPrincipal;

/**
 * Who may read what: auditors and the admin read everything; a merchant key with {@code audit:read} reads the
 * history of its own aggregates only (another merchant's look like unknown ids); the global stream, verification
 * and checkpoints are for auditors and the admin.
 */
public final class AuditAccess {
    private AuditAccess() {
    }

    public static boolean seesEverything(TallyPrincipal caller) {
        return caller.role() == Role.AUDITOR || caller.role() == Role.ADMIN;
    }

    /** A 403 unless the caller may read some audit history. */
    public static void requireReader(TallyPrincipal caller) {
        if (seesEverything(caller)) {
            return;
        }
        if (caller.role() == Role.MERCHANT && caller.scopes().contains(ApiScope.AUDIT_READ)) {
            return;
        }
        throw new DomainException(ErrorCode.FORBIDDEN, "this API key may not read audit history (scope audit:read)");
    }

    /** A 403 unless the caller is an auditor or the admin. */
    public static void requireAuditor(TallyPrincipal caller) {
        if (!seesEverything(caller)) {
            throw new DomainException(ErrorCode.FORBIDDEN, "only auditor and admin keys may do this");
        }
    }
}
