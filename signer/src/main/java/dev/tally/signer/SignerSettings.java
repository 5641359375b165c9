package dev.tally.signer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.Map;

import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;

/**
 * {@link SignerProperties} with every default applied and every value checked.
 */
record SignerSettings(Map<Chain, String> tokenContracts, Map<Chain, TokenAmount> dailyCaps,
                      Map<Chain, BigInteger> maxTopUpsWei, BigInteger maxDelegationSun, long evmChainId) {
    /** The most staked TRX delegated for one sweep's energy, unless {@code max-delegation} says otherwise. */
    static final String DEFAULT_MAX_DELEGATION = "20000";

    static final String TRON_USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    static final String ETHEREUM_USDT = "0xdAC17F958D2ee523a2206206994597C13D831ec7";

    SignerSettings {
        tokenContracts = Map.copyOf(tokenContracts);
        dailyCaps = Map.copyOf(dailyCaps);
        maxTopUpsWei = Map.copyOf(maxTopUpsWei);
    }

    TokenAmount dailyCap(Chain chain) {
        return dailyCaps.get(chain);
    }

    /** @throws IllegalArgumentException naming the property that is wrong */
    static SignerSettings of(SignerProperties properties) {
        for (String code : properties.getChains().keySet()) {
            if (Chain.fromCode(code).isEmpty()) {
                throw new IllegalArgumentException("tally.signer.chains." + code + ": not a chain (tron or ethereum)");
            }
        }
        Map<Chain, String> tokens = new EnumMap<>(Chain.class);
        Map<Chain, TokenAmount> caps = new EnumMap<>(Chain.class);
        Map<Chain, BigInteger> topUps = new EnumMap<>(Chain.class);
        long chainId = 1;
        BigInteger maxDelegation = null;
        for (Chain chain : Chain.values()) {
            SignerProperties.ChainSigning configured = properties.getChains().entrySet().stream()
                    .filter(e -> Chain.fromCode(e.getKey()).orElseThrow() == chain).map(Map.Entry::getValue)
                    .findFirst().orElseGet(SignerProperties.ChainSigning::new);
            String token = configured.getTokenContract();
            tokens.put(chain, token != null && !token.isBlank() ? token.trim()
                    : chain == Chain.TRON ? TRON_USDT : ETHEREUM_USDT);
            String cap = configured.getDailyCap() != null ? configured.getDailyCap() : properties.getDailyCap();
            String property = configured.getDailyCap() != null ? "tally.signer.chains." + chain.code() + ".daily-cap"
                    : "tally.signer.daily-cap";
            try {
                caps.put(chain, TokenAmount.parse(cap, Asset.USDT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(property + ": '" + cap + "' is not an amount of USDT", e);
            }
            String topUp = configured.getMaxTopUp() != null ? configured.getMaxTopUp()
                    : chain == Chain.TRON ? "30" : "0.05";
            topUps.put(chain, coin(topUp, chain == Chain.TRON ? 6 : 18,
                                   "tally.signer.chains." + chain.code() + ".max-top-up"));
            if (chain == Chain.TRON) {
                maxDelegation = coin(configured.getMaxDelegation() != null ? configured.getMaxDelegation()
                                             : DEFAULT_MAX_DELEGATION, 6, "tally.signer.chains.tron.max-delegation");
            } else if (configured.getMaxDelegation() != null) {
                throw new IllegalArgumentException("tally.signer.chains." + chain.code() + ".max-delegation: only "
                                                   + "Tron delegates energy");
            }
            if (chain == Chain.ETHEREUM && configured.getChainId() != null) {
                chainId = configured.getChainId();
            }
        }
        return new SignerSettings(tokens, caps, topUps, maxDelegation, chainId);
    }

    /** A decimal amount of a coin with {@code decimals} (ether 18, TRX 6) in its smallest unit (wei, SUN). */
    private static BigInteger coin(String amount, int decimals, String property) {
        try {
            BigInteger wei = new BigDecimal(amount.trim()).movePointRight(decimals).toBigIntegerExact();
            if (wei.signum() < 0) {
                throw new ArithmeticException("negative");
            }
            return wei;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(property + ": '" + amount + "' is not an amount of the chain's coin", e);
        }
    }
}
