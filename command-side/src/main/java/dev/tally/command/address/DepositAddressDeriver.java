package dev.tally.command.address;

import java.util.Objects;

/**
 * Derives one deposit address per invoice from an account-level extended public key, following
 * the BIP44 layout {@code m/44'/coin'/account'/0/index}: the server is configured with the xpub of
 * {@code m/44'/coin'/account'} and derives {@code <xpub>/0/index} with public (non-hardened)
 * derivation only, so it can hand out addresses without ever being able to spend from them.
 * Because it follows BIP44, the merchant's ordinary HD wallet (restored from the same mnemonic)
 * sees and can spend every deposit.
 *
 * <p>The external-chain node {@code <xpub>/0} is derived once in the constructor; each
 * {@link #derive(long)} then costs a single CKDpub step.
 *
 * <p>Immutable and thread-safe.
 */
public final class DepositAddressDeriver {

    /** How the derived public key is rendered as an address. */
    public enum AddressFormat {
        /** TRON base58 ({@code T...}), e.g. for USDT-TRC20; account key path m/44'/195'/account'. */
        TRON,
        /** EIP-55 checksummed hex ({@code 0x...}) for Ethereum/EVM chains; account path m/44'/60'/account'. */
        ETHEREUM
    }

    /** An address together with the index it was derived at (to be persisted with the invoice). */
    public record DerivedAddress(long index, String address) {
        public DerivedAddress {
            Objects.requireNonNull(address, "address");
        }
    }

    /** Highest non-hardened BIP32 index, 2^31 - 1. */
    public static final long MAX_INDEX = Integer.MAX_VALUE;

    /** BIP44 "change" level value for the external (receiving) chain. */
    private static final int EXTERNAL_CHAIN = 0;

    private final AddressFormat format;
    private final ExtendedPublicKey externalChain;

    /**
     * @param accountKey the account-level xpub (e.g. of m/44'/195'/0')
     * @param format address format to render
     * @throws InvalidChildKeyException if {@code accountKey/0} is an invalid child (probability
     *     &lt; 2<sup>-127</sup>; such an account key cannot be used with the BIP44 layout)
     */
    public DepositAddressDeriver(ExtendedPublicKey accountKey, AddressFormat format) {
        Objects.requireNonNull(accountKey, "accountKey");
        this.format = Objects.requireNonNull(format, "format");
        this.externalChain = accountKey.deriveChild(EXTERNAL_CHAIN);
    }

    /**
     * Derives the address at {@code accountKey/0/index}.
     *
     * @param index 0..2^31-1
     * @throws IllegalArgumentException if the index is negative or &ge; 2^31 (hardened indices
     *     cannot be derived from a public key)
     * @throws InvalidChildKeyException if this index has no valid key (probability &lt;
     *     2<sup>-127</sup>); the caller must skip it and use the next index, as BIP32 prescribes
     */
    public DerivedAddress derive(long index) {
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException(
                    "Deposit address index must be between 0 and 2^31-1 (non-hardened), got " + index);
        }
        ExtendedPublicKey child = externalChain.deriveChild((int) index);
        String address = switch (format) {
            case TRON -> TronAddress.fromPublicKey(child);
            case ETHEREUM -> EthereumAddress.fromPublicKey(child);
        };
        return new DerivedAddress(index, address);
    }

    public AddressFormat format() {
        return format;
    }
}
