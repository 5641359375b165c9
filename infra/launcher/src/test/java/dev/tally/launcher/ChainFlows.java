package dev.tally.launcher;

import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.CreateInvoice;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.mode.Mode;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** What the flow tests drive through the real buses: invoices created by command, Tron transfers as observed. */
final class ChainFlows {
    static final String USDT_TRON = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";

    private ChainFlows() {
    }

    /**
     * A 15-minute Tron USDT test invoice of the merchant, created through the command bus (the launcher here watches
     * no real chain; these flows hand the command side their observations themselves).
     */
    static InvoiceCreated invoice(CommandGateway commands, MerchantId merchant, String amount) {
        InvoiceId id = InvoiceId.of("inv_" + hex(11));
        return commands.sendAndWait(new CreateInvoice(id, merchant, TokenAmount.parse(amount, Asset.USDT), Chain.TRON,
                                                      "order-" + id, null, Map.of(), Duration.ofMinutes(15),
                                                      Mode.TEST));
    }

    /** A USDT transfer to the invoice's address, in {@code block} (height 500), or not yet in a block when null. */
    static TransferObserved transfer(InvoiceCreated invoice, String amount, String block) {
        return new TransferObserved(Chain.TRON, hex(32), 0, USDT_TRON, "TCustomer", invoice.depositAddress(),
                                    TokenAmount.parse(amount, Asset.USDT), block == null ? null : 500L, block,
                                    Instant.now());
    }

    static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
