package dev.tally.platform.axon;

import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.ApiKeyId;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.CancelInvoice;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.RecordTransfer;
import dev.tally.platform.security.ApiKeyAuthentication;
import dev.tally.platform.security.Role;
import dev.tally.platform.security.TallyPrincipal;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What a root command is stamped with, by where it was sent from. */
class AuditCommandDispatchInterceptorTest {
    private static final String TX = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private final AuditCommandDispatchInterceptor interceptor = new AuditCommandDispatchInterceptor();

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void anHttpCommandCarriesTheCallersKeyAndTheClientsCorrelationId() {
        SecurityContextHolder.getContext().setAuthentication(ApiKeyAuthentication.authenticated(new TallyPrincipal(
                Role.MERCHANT, MerchantId.of("mer_12345678"), ApiKeyId.of("key_12345678"), Set.of())));
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader(AuditMetadata.CORRELATION_HEADER, "checkout-42");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));

        CommandMessage<?> stamped = stamp(cancel(MetaData.emptyInstance()));
        assertThat(stamped.getMetaData()).containsEntry(AuditMetadata.PRINCIPAL, "key:key_12345678")
                                         .containsEntry(AuditMetadata.CORRELATION_ID, "checkout-42");
    }

    @Test
    void anUnusableClientCorrelationIdIsReplacedByTheCommandsOwnId() {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.addHeader(AuditMetadata.CORRELATION_HEADER, "no spaces or\nnewlines please");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        CommandMessage<?> command = cancel(MetaData.emptyInstance());
        assertThat(stamp(command).getMetaData()).containsEntry(AuditMetadata.CORRELATION_ID, command.getIdentifier())
                                                .containsEntry(AuditMetadata.PRINCIPAL, "system");
    }

    @Test
    void aChainObservationIsTheChainsDoingWhoeverRelaysItAndKeepsItsTransport() {
        SecurityContextHolder.getContext().setAuthentication(ApiKeyAuthentication.authenticated(TallyPrincipal.admin()));
        TransferObserved seen = new TransferObserved(Chain.TRON, TX, 3, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "TFrom",
                "TTo", TokenAmount.parse("1", Asset.USDT), 1L, "block", Instant.now());
        CommandMessage<?> stamped = AuditContext.call(Map.of(AuditMetadata.TRANSPORT, "kafka:t-0@7"), () -> stamp(
                GenericCommandMessage.asCommandMessage(new RecordTransfer(seen.paymentId(), seen))));
        assertThat(stamped.getMetaData()).containsEntry(AuditMetadata.PRINCIPAL, "chain:tron:" + TX)
                                         .containsEntry(AuditMetadata.TRANSPORT, "kafka:t-0@7");
    }

    @Test
    void aCommandSentWhileHandlingAMessageKeepsThePrincipalAndCorrelationItInherited() {
        CommandMessage<?> stamped = stamp(cancel(MetaData.with(AuditMetadata.PRINCIPAL, "saga:InvoiceSettlementSaga")
                                                       .and(AuditMetadata.CORRELATION_ID, "root-1")));
        assertThat(stamped.getMetaData()).containsEntry(AuditMetadata.PRINCIPAL, "saga:InvoiceSettlementSaga")
                                         .containsEntry(AuditMetadata.CORRELATION_ID, "root-1");
    }

    private CommandMessage<?> stamp(CommandMessage<?> command) {
        return interceptor.handle(List.of(command)).apply(0, command);
    }

    private static CommandMessage<?> cancel(MetaData metaData) {
        return new GenericCommandMessage<>(new CancelInvoice(InvoiceId.of("inv_12345678"), MerchantId.of("mer_12345678")),
                                           metaData);
    }
}
