package dev.tally.command.address;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

import org.bouncycastle.util.encoders.Hex;

/**
 * Ethereum (and EVM-chain) addresses: "0x" + the last 20 bytes of Keccak-256(X||Y), rendered in
 * EIP-55 mixed-case checksum form.
 *
 * <p>EIP-55 upper-cases hex letter i when nibble i of Keccak-256(lower-case hex address as ASCII)
 * is &ge; 8. Wallets reject a mixed-case address whose casing does not match, which catches typos.
 * All-lower and all-upper strings carry no checksum and are accepted as-is, as EIP-55 specifies.
 */
public final class EthereumAddress {

    private EthereumAddress() {
    }

    /** The EIP-55 checksummed address of the key's public key. */
    public static String fromPublicKey(ExtendedPublicKey key) {
        Objects.requireNonNull(key, "key");
        return fromPublicKey(key.uncompressedPublicKeyWithoutPrefix());
    }

    /**
     * The EIP-55 checksummed address of a raw public key.
     *
     * @param uncompressedWithoutPrefix 64-byte X||Y (uncompressed key without the 0x04 prefix)
     * @throws IllegalArgumentException if not 64 bytes or not a point on secp256k1
     */
    public static String fromPublicKey(byte[] uncompressedWithoutPrefix) {
        return checksum(Hex.toHexString(AccountIds.fromPublicKey(uncompressedWithoutPrefix)));
    }

    /**
     * Applies the EIP-55 checksum casing.
     *
     * @param hex40 40 hex digits in any case, with or without a leading "0x"
     * @return "0x" followed by the checksummed digits
     * @throws IllegalArgumentException if the input is not 40 hex digits
     */
    public static String toChecksum(String hex40) {
        Objects.requireNonNull(hex40, "hex40");
        String digits = hex40.startsWith("0x") || hex40.startsWith("0X") ? hex40.substring(2) : hex40;
        if (!isHex40(digits)) {
            throw new IllegalArgumentException("Ethereum address must be 40 hexadecimal digits");
        }
        return checksum(digits.toLowerCase(Locale.ROOT));
    }

    /**
     * True for "0x" + 40 hex digits that are either all lower-case, all upper-case, or carry a
     * correct EIP-55 checksum.
     */
    public static boolean isValid(String address) {
        if (address == null || !address.startsWith("0x")) {
            return false;
        }
        String digits = address.substring(2);
        if (!isHex40(digits)) {
            return false;
        }
        if (digits.equals(digits.toLowerCase(Locale.ROOT)) || digits.equals(digits.toUpperCase(Locale.ROOT))) {
            return true;
        }
        return checksum(digits.toLowerCase(Locale.ROOT)).equals(address);
    }

    private static String checksum(String lowerHex40) {
        byte[] hash = Hashes.keccak256(lowerHex40.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder(42).append("0x");
        for (int i = 0; i < 40; i++) {
            char c = lowerHex40.charAt(i);
            int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0F;
            out.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    private static boolean isHex40(String s) {
        if (s.length() != 40) {
            return false;
        }
        for (int i = 0; i < 40; i++) {
            char c = s.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }
}
