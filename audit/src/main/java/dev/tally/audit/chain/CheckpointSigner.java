package dev.tally.audit.chain;

import dev.tally.audit.AuditProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Properties;

/**
 * Signs checkpoints with Ed25519 (the JDK's own EdDSA). The key lives in {@code tally.audit.signing-key-file};
 * when the file is missing a key is generated and written there (owner-only), so a developer's checkpoints stay
 * verifiable across restarts. Production sets the file (or mounts it) from its secret store.
 */
@Component
public class CheckpointSigner {
    public static final String ALGORITHM = "Ed25519";
    private static final Logger log = LoggerFactory.getLogger(CheckpointSigner.class);

    private final KeyPair keys;

    public CheckpointSigner(AuditProperties properties) {
        this.keys = loadOrCreate(properties.getSigningKeyFile());
    }

    public byte[] publicKey() {
        return keys.getPublic().getEncoded();
    }

    public byte[] sign(byte[] statement) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(keys.getPrivate());
            signature.update(statement);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint", e);
        }
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code statement} by the X.509-encoded key. */
    public static boolean verify(byte[] publicKey, byte[] statement, byte[] signature) {
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(publicKey));
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(statement);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static KeyPair loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                Properties stored = new Properties();
                try (Reader reader = Files.newBufferedReader(file)) {
                    stored.load(reader);
                }
                KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
                PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(
                        Base64.getDecoder().decode(stored.getProperty("private", "").trim())));
                PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(
                        Base64.getDecoder().decode(stored.getProperty("public", "").trim())));
                return new KeyPair(publicKey, privateKey);
            }
            KeyPair generated = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Properties stored = new Properties();
            stored.setProperty("algorithm", ALGORITHM);
            stored.setProperty("private", Base64.getEncoder().encodeToString(generated.getPrivate().getEncoded()));
            stored.setProperty("public", Base64.getEncoder().encodeToString(generated.getPublic().getEncoded()));
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions have to do
            }
            try (Writer writer = Files.newBufferedWriter(file)) {
                stored.store(writer, "Tally audit checkpoint signing key (Ed25519). Keep it secret; keep it safe.");
            }
            log.info("Generated an Ed25519 checkpoint signing key in {}", file);
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the audit signing key " + file, e);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the audit signing key in " + file + " is not a valid Ed25519 key pair", e);
        }
    }
}
