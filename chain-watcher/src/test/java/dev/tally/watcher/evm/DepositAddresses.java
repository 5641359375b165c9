package dev.tally.watcher.evm;

/**
 * Deposit addresses as the command side derives them: BIP44 {@code m/44'/60'/0'/0/i} of the standard test mnemonic
 * "abandon abandon … about", EIP-55 (the values of command-side's DepositAddressDeriverTest, which checks them against
 * wallets; literal here because the chain watcher does not depend on command-side classes).
 */
final class DepositAddresses {
    static final String DEPOSIT_0 = "0x9858EfFD232B4033E47d90003D41EC34EcaEda94";
    static final String DEPOSIT_1 = "0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0";
    static final String DEPOSIT_2 = "0xb6716976A3ebe8D39aCEB04372f22Ff8e6802D7A";

    private DepositAddresses() {
    }
}
