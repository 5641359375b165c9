package dev.tally.watcher.tron;

import org.junit.jupiter.api.Test;
import org.tron.trident.core.utils.Base58;
import org.tron.trident.core.utils.Utils;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tally's base58check encoder gives trident's text for every input, and addresses go there and back. */
class TronAddressesTest {

    @Test
    void base58IsTridentsForEveryLengthLeadingZerosAndExtremes() {
        Random random = new Random(58);
        for (int n = 0; n < 20_000; n++) {
            byte[] data = new byte[random.nextInt(41)];
            random.nextBytes(data);
            int zeros = data.length == 0 ? 0 : random.nextInt(Math.min(data.length, 4) + 1);
            Arrays.fill(data, 0, zeros, (byte) 0);
            if (n % 7 == 0) {
                Arrays.fill(data, zeros, data.length, (byte) 0xFF); // the largest number of its length
            }
            assertThat(TronAddresses.base58(data)).as("%s", Arrays.toString(data)).isEqualTo(Base58.encode(data));
        }
        assertThat(TronAddresses.base58(new byte[] {0, 0, 0})).isEqualTo("111");
        assertThat(TronAddresses.base58(new byte[0])).isEmpty();
    }

    @Test
    void addressesAreTridentsAndDecodeBackToTheirBytes() {
        Random random = new Random(195);
        for (int n = 0; n < 5_000; n++) {
            byte[] address = new byte[21];
            random.nextBytes(address);
            address[0] = TronAddresses.PREFIX;
            String base58 = TronAddresses.toBase58(address);
            assertThat(base58).startsWith("T").isEqualTo(Utils.encode58Check(address));
            assertThat(TronAddresses.fromBase58(base58)).isEqualTo(address);
            assertThat(TronAddresses.toBase58(Arrays.copyOfRange(address, 1, 21))).isEqualTo(base58);
        }
        assertThat(TronAddresses.toBase58(TronAddresses.fromBase58(MainnetShapedBlocks.USDT)))
                .isEqualTo(MainnetShapedBlocks.USDT);
        assertThatThrownBy(() -> TronAddresses.toBase58(new byte[19])).isInstanceOf(IllegalArgumentException.class);
    }
}
