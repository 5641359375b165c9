package dev.tally.command.address;

import dev.tally.kernel.money.Chain;
import dev.tally.platform.web.InvalidRequestException;

/** An address a client gives for money to go to (a payout or refund address), checked for its chain. */
public final class WalletAddresses {
    private WalletAddresses() {
    }

    /**
     * @return the address in its one spelling (EIP-55 for EVM chains)
     * @throws InvalidRequestException naming {@code field} when it is missing or not an address of the chain
     */
    public static String normalized(Chain chain, String address, String field) {
        if (address == null || address.isBlank()) {
            throw new InvalidRequestException(field, "is required");
        }
        String given = address.strip();
        return switch (chain) {
            case TRON -> {
                if (!TronAddress.isValid(given)) {
                    throw new InvalidRequestException(field, "must be a Tron address (base58check, starting with T)");
                }
                yield given;
            }
            case ETHEREUM -> {
                if (!EthereumAddress.isValid(given)) {
                    throw new InvalidRequestException(field, "must be an EVM address: 0x and 40 hexadecimal digits, "
                                                             + "with a correct EIP-55 checksum when in mixed case");
                }
                yield EthereumAddress.toChecksum(given);
            }
        };
    }
}
