package dev.tally.platform.axon;

import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.payment.RecordConfirmations;
import dev.tally.kernel.payment.RecordTransfer;
import dev.tally.kernel.payment.RecordTransferFailed;
import dev.tally.kernel.payment.RecordTransferOrphaned;
import dev.tally.platform.security.TallyPrincipal;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Stamps every command with who sent it and the causal chain it starts, before it leaves the caller's thread (where
 * the HTTP caller's security context still is). A command sent while handling another message already carries the
 * handler's principal and correlation (Axon's correlation data); a root command gets:
 * <ul>
 *     <li>{@code principal}: {@code chain:<chain>:<txHash>} for a chain observation, whoever relays it; else the
 *     API caller ({@code key:<id>}, {@code admin}); else {@code system};</li>
 *     <li>{@code correlationId}: the client's {@code X-Correlation-Id} when it is sensible, else the command's own
 *     identifier.</li>
 * </ul>
 */
public class AuditCommandDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {
    private static final Pattern CLIENT_CORRELATION = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            Map<String, Object> added = new HashMap<>();
            AuditContext.current().forEach((key, value) -> {
                if (!command.getMetaData().containsKey(key)) {
                    added.put(key, value);
                }
            });
            String chain = chainPrincipal(command.getPayload());
            if (chain != null) {
                added.put(AuditMetadata.PRINCIPAL, chain);
            } else if (!command.getMetaData().containsKey(AuditMetadata.PRINCIPAL)) {
                added.put(AuditMetadata.PRINCIPAL, callerPrincipal());
            }
            if (!command.getMetaData().containsKey(AuditMetadata.CORRELATION_ID)) {
                String client = clientCorrelationId();
                added.put(AuditMetadata.CORRELATION_ID, client != null ? client : command.getIdentifier());
            }
            return added.isEmpty() ? command : command.andMetaData(added);
        };
    }

    /** {@code chain:<chain>:<txHash>} for the commands that relay a chain observation. */
    static String chainPrincipal(Object payload) {
        PaymentId payment = null;
        if (payload instanceof RecordTransfer c) {
            payment = c.paymentId();
        } else if (payload instanceof RecordConfirmations c) {
            payment = c.paymentId();
        } else if (payload instanceof RecordTransferFailed c) {
            payment = c.paymentId();
        } else if (payload instanceof RecordTransferOrphaned c) {
            payment = c.paymentId();
        }
        if (payment == null) {
            return null;
        }
        String value = payment.value(); // chain:txHash:logIndex
        return "chain:" + value.substring(0, value.lastIndexOf(':'));
    }

    private static String callerPrincipal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof TallyPrincipal caller) {
            return AuditMetadata.principalOf(caller);
        }
        return AuditMetadata.SYSTEM;
    }

    private static String clientCorrelationId() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes instanceof ServletRequestAttributes servlet) {
            String header = servlet.getRequest().getHeader(AuditMetadata.CORRELATION_HEADER);
            if (header != null && CLIENT_CORRELATION.matcher(header).matches()) {
                return header;
            }
        }
        return null;
    }
}
