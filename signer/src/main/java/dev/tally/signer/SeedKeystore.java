package dev.tally.signer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.web3j.crypto.MnemonicUtils;

/**
 * The wallet's BIP39 mnemonic in an encrypted keystore file, a small JSON document:
 * <pre>{"format": "tally-signer-keystore/1", "kdf": "scrypt", "n": 32768, "r": 8, "p": 1,
 *  "salt": "…", "nonce": "…", "ciphertext": "…"}</pre>
 * The key is scrypt of the password (UTF-8) and a random 32-byte salt; the mnemonic is encrypted with AES-256-GCM
 * under a random 12-byte nonce, with the file's other fields as authenticated data, so a wrong password and an altered
 * file are both refused, never misread. Bouncy Castle's primitives are called directly: no security provider is looked
 * up, so what other libraries register cannot change how the file is read. The BIP32 seed is the mnemonic's, with no
 * BIP39 passphrase.
 */
public final class SeedKeystore {
    static final String FORMAT = "tally-signer-keystore/1";
    /** scrypt's cost: 32 MiB of memory and about a tenth of a second here, once at start-up. */
    static final int N = 1 << 15;
    static final int R = 8;
    static final int P = 1;
    private static final int TAG_BITS = 128;
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private SeedKeystore() {
    }

    /**
     * Writes a new keystore holding {@code mnemonic}, readable by its owner only (where the file system says who owns
     * what). Refuses to replace an existing file: a seed written over is money lost.
     */
    public static void create(Path file, String mnemonic, char[] password) {
        Objects.requireNonNull(file, "file");
        requireMnemonic(mnemonic, file);
        requirePassword(password);
        if (Files.exists(file)) {
            throw new SignerKeystoreException("the keystore " + file + " exists already; move it away first");
        }
        byte[] salt = random(32);
        byte[] nonce = random(12);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("kdf", "scrypt");
        document.put("n", N);
        document.put("r", R);
        document.put("p", P);
        document.put("salt", HEX.formatHex(salt));
        document.put("nonce", HEX.formatHex(nonce));
        byte[] plain = mnemonic.getBytes(StandardCharsets.UTF_8);
        byte[] key = key(password, salt, N, R, P);
        try {
            byte[] sealed = gcm(true, key, nonce, header(FORMAT, N, R, P, salt, nonce), plain);
            document.put("ciphertext", HEX.formatHex(sealed));
            write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document));
        } catch (IOException e) {
            throw new SignerKeystoreException("cannot write the keystore " + file + ": " + e.getMessage(), e);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM refused to encrypt", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The BIP32 seed of the mnemonic the keystore holds; a clear exception when the file is missing or damaged, or
     * the password does not open it.
     */
    public static byte[] open(Path file, char[] password) {
        Objects.requireNonNull(file, "file");
        requirePassword(password);
        if (!Files.isReadable(file)) {
            throw new SignerKeystoreException("no readable keystore at " + file.toAbsolutePath()
                                              + " (tally.signer.keystore)");
        }
        byte[] key = null;
        byte[] plain = null;
        try {
            JsonNode document = JSON.readTree(Files.readAllBytes(file));
            if (document == null || !FORMAT.equals(document.path("format").asText())
                || !"scrypt".equals(document.path("kdf").asText())) {
                throw new SignerKeystoreException(file + " is not a Tally signer keystore (" + FORMAT + ")");
            }
            int n = document.path("n").asInt();
            int r = document.path("r").asInt();
            int p = document.path("p").asInt();
            byte[] salt = HEX.parseHex(document.path("salt").asText());
            byte[] nonce = HEX.parseHex(document.path("nonce").asText());
            byte[] sealed = HEX.parseHex(document.path("ciphertext").asText());
            key = key(password, salt, n, r, p);
            plain = gcm(false, key, nonce, header(FORMAT, n, r, p, salt, nonce), sealed);
            String mnemonic = new String(plain, StandardCharsets.UTF_8);
            requireMnemonic(mnemonic, file);
            return MnemonicUtils.generateSeed(mnemonic, null);
        } catch (InvalidCipherTextException e) {
            throw new SignerKeystoreException("the password does not open the keystore " + file
                                              + " (tally.signer.password), or the file was altered", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new SignerKeystoreException("cannot read the keystore " + file + ": " + e.getMessage(), e);
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static byte[] key(char[] password, byte[] salt, int n, int r, int p) {
        byte[] utf8 = new String(password).getBytes(StandardCharsets.UTF_8);
        try {
            return SCrypt.generate(utf8, salt, n, r, p, 32);
        } finally {
            Arrays.fill(utf8, (byte) 0);
        }
    }

    private static byte[] gcm(boolean encrypt, byte[] key, byte[] nonce, byte[] associated, byte[] input)
            throws InvalidCipherTextException {
        GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce, associated));
        byte[] output = new byte[cipher.getOutputSize(input.length)];
        int length = cipher.processBytes(input, 0, input.length, output, 0);
        length += cipher.doFinal(output, length);
        return length == output.length ? output : Arrays.copyOf(output, length);
    }

    /** The fields the ciphertext is bound to: change one and the file no longer opens. */
    private static byte[] header(String format, int n, int r, int p, byte[] salt, byte[] nonce) {
        return (format + "|scrypt|" + n + "|" + r + "|" + p + "|" + HEX.formatHex(salt) + "|" + HEX.formatHex(nonce))
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void write(Path file, byte[] content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, ".tally-keystore", ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: its own access rules apply.
            }
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void requireMnemonic(String mnemonic, Path file) {
        if (mnemonic == null || !validMnemonic(mnemonic)) {
            // Never the words themselves: they are the secret.
            throw new SignerKeystoreException("what " + file + " is to hold is not a BIP39 mnemonic (English words, "
                                              + "single spaces, with a valid checksum)");
        }
    }

    private static boolean validMnemonic(String mnemonic) {
        try {
            return MnemonicUtils.validateMnemonic(mnemonic);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void requirePassword(char[] password) {
        if (password == null || password.length == 0) {
            throw new SignerKeystoreException("the keystore needs a password (tally.signer.password, e.g. from the "
                                              + "environment variable TALLY_SIGNER_PASSWORD)");
        }
    }
}
