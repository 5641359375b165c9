package dev.tally.signer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tally.signer.*}: the signer runs where {@code keystore} is set.
 */
@ConfigurationProperties("tally.signer")
public class SignerProperties {
    /** The keystore file holding the wallet's mnemonic, encrypted; the signer is off while it is unset. */
    private Path keystore;
    /** The keystore's password; give it by the environment ({@code TALLY_SIGNER_PASSWORD}), never in a file. */
    private String password;
    /** Per merchant, chain and UTC day: the most the signer signs for, in USDT (decimal). */
    private String dailyCap = "10000";
    /**
     * Per chain code ({@code tron}, {@code ethereum}): the token contract, the EVM chain id, a daily cap of its own,
     * the most gas a sweep's deposit address is sent.
     */
    private Map<String, ChainSigning> chains = new LinkedHashMap<>();

    public static class ChainSigning {
        /** The token contract refunds and payouts are paid through (default: the chain's mainnet USDT). */
        private String tokenContract;
        /** EVM only: the chain id transactions are signed for (default 1, Ethereum mainnet). */
        private Long chainId;
        /** This chain's daily cap, instead of {@code tally.signer.daily-cap}. */
        private String dailyCap;
        /**
         * The most of the chain's coin (decimal: ether, or TRX) the hot wallet sends a deposit address for one sweep's
         * gas or energy; unset, 0.05 ether on EVM chains and 30 TRX on Tron.
         */
        private String maxTopUp;
        /**
         * Tron only: the most staked TRX (decimal) the resource account delegates to a deposit address for one
         * sweep's energy; unset, 20 000 TRX.
         */
        private String maxDelegation;

        public String getMaxDelegation() {
            return maxDelegation;
        }

        public void setMaxDelegation(String maxDelegation) {
            this.maxDelegation = maxDelegation;
        }

        public String getTokenContract() {
            return tokenContract;
        }

        public void setTokenContract(String tokenContract) {
            this.tokenContract = tokenContract;
        }

        public Long getChainId() {
            return chainId;
        }

        public void setChainId(Long chainId) {
            this.chainId = chainId;
        }

        public String getDailyCap() {
            return dailyCap;
        }

        public void setDailyCap(String dailyCap) {
            this.dailyCap = dailyCap;
        }

        public String getMaxTopUp() {
            return maxTopUp;
        }

        public void setMaxTopUp(String maxTopUp) {
            this.maxTopUp = maxTopUp;
        }
    }

    public Path getKeystore() {
        return keystore;
    }

    public void setKeystore(Path keystore) {
        this.keystore = keystore;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getDailyCap() {
        return dailyCap;
    }

    public void setDailyCap(String dailyCap) {
        this.dailyCap = dailyCap;
    }

    public Map<String, ChainSigning> getChains() {
        return chains;
    }

    public void setChains(Map<String, ChainSigning> chains) {
        this.chains = chains;
    }
}
