package dev.tally.command.address;

import java.util.Objects;

/**
 * TRON base58 addresses ({@code T...}): Base58Check(0x41 || last 20 bytes of Keccak-256(X||Y)).
 *
 * <p>The 20-byte body is the same as the Ethereum address of the same key; only the 0x41 prefix
 * and the Base58Check encoding differ.
 */
public final class TronAddress {

    /** Mainnet address prefix byte; it is what makes every address start with 'T'. */
    public static final byte PREFIX = 0x41;
    /** Decoded length: prefix byte plus the 20-byte account id. */
    public static final int LENGTH = 21;

    private TronAddress() {
    }

    /** The TRON address of the key's public key. */
    public static String fromPublicKey(ExtendedPublicKey key) {
        Objects.requireNonNull(key, "key");
        return fromPublicKey(key.uncompressedPublicKeyWithoutPrefix());
    }

    /**
     * The TRON address of a raw public key.
     *
     * @param uncompressedWithoutPrefix 64-byte X||Y (uncompressed key without the 0x04 prefix)
     * @throws IllegalArgumentException if not 64 bytes or not a point on secp256k1
     */
    public static String fromPublicKey(byte[] uncompressedWithoutPrefix) {
        byte[] accountId = AccountIds.fromPublicKey(uncompressedWithoutPrefix);
        byte[] payload = new byte[LENGTH];
        payload[0] = PREFIX;
        System.arraycopy(accountId, 0, payload, 1, 20);
        return Base58.encodeChecked(payload);
    }

    /** True if the string is a Base58Check string decoding to 21 bytes starting with 0x41. */
    public static boolean isValid(String address) {
        if (address == null) {
            return false;
        }
        try {
            byte[] decoded = Base58.decodeChecked(address);
            return decoded.length == LENGTH && decoded[0] == PREFIX;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Decodes an address to its 21 raw bytes (0x41 followed by the account id), e.g. for ABI
     * encoding or comparison against hex addresses returned by TRON nodes.
     *
     * @throws IllegalArgumentException if the address is not valid
     */
    public static byte[] toBytes(String address) {
        Objects.requireNonNull(address, "address");
        byte[] decoded;
        try {
            decoded = Base58.decodeChecked(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid TRON address: " + e.getMessage(), e);
        }
        if (decoded.length != LENGTH || decoded[0] != PREFIX) {
            throw new IllegalArgumentException(
                    "Invalid TRON address: expected 21 bytes starting with 0x41");
        }
        return decoded;
    }
}
