package dev.tally.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.junit.jupiter.api.Test;

/** Settings that make no sense stop the start, naming the setting, rather than failing a merchant's request later. */
class CommandSidePropertiesTest {

    @Test
    void aNetworkFeeChargedIsAnAmountOfUsdtForAKnownChain() {
        CommandSideProperties properties = new CommandSideProperties();
        properties.getPayouts().getNetworkFee().put("tron", new BigDecimal("1.5"));
        properties.afterPropertiesSet();
        assertThat(properties.getPayouts().networkFeeCharged(Chain.TRON, Asset.USDT))
                .isEqualTo(TokenAmount.parse("1.50", Asset.USDT));
        assertThat(properties.getPayouts().networkFeeCharged(Chain.ETHEREUM, Asset.USDT).isZero()).isTrue();

        properties.getPayouts().getNetworkFee().put("ethereum", new BigDecimal("-1"));
        assertThatThrownBy(properties::afterPropertiesSet).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tally.payouts.network-fee.ethereum: '-1' is not an amount of USDT");
        properties.getPayouts().getNetworkFee().put("ethereum", new BigDecimal("0.0000001"));
        assertThatThrownBy(properties::afterPropertiesSet).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tally.payouts.network-fee.ethereum: '0.0000001' is not an amount of USDT");
        properties.getPayouts().getNetworkFee().remove("ethereum");
        properties.getPayouts().getNetworkFee().put("bitcoin", BigDecimal.ONE);
        assertThatThrownBy(properties::afterPropertiesSet).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tally.payouts.network-fee.bitcoin: bitcoin is not a chain (tron, ethereum)");
    }
}
