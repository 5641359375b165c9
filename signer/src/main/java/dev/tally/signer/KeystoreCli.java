package dev.tally.signer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Function;

import dev.tally.kernel.money.Chain;

import org.web3j.crypto.MnemonicUtils;

/**
 * The operator's keystore tool, {@code java -jar tally.jar signer-keystore …}; the password comes from the
 * environment ({@code TALLY_SIGNER_PASSWORD}), never from the command line:
 * <ul>
 * <li>{@code create <file>}: the mnemonic read from standard input (one line of words);</li>
 * <li>{@code generate <file>}: a new 24-word mnemonic, printed once for the operator to write down;</li>
 * <li>{@code addresses <file>}: the hot wallets to fund, and the Tron resource account to stake TRX for energy
 * from.</li>
 * </ul>
 */
public final class KeystoreCli {
    public static final String COMMAND = "signer-keystore";
    static final String PASSWORD_VARIABLE = "TALLY_SIGNER_PASSWORD";

    private KeystoreCli() {
    }

    /** Runs {@code args} (the first being {@value #COMMAND}) and returns the exit status. */
    public static int run(String[] args) {
        return run(args, System.in, System.out, System.err, System::getenv);
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Function<String, String> env) {
        if (args.length != 3 || !COMMAND.equals(args[0])) {
            err.println("usage: " + COMMAND + " create|generate|addresses <keystore file>   (password from "
                        + PASSWORD_VARIABLE + ")");
            return 2;
        }
        String password = env.apply(PASSWORD_VARIABLE);
        if (password == null || password.isEmpty()) {
            err.println("set " + PASSWORD_VARIABLE + " to the keystore's password");
            return 2;
        }
        Path file = Path.of(args[2]);
        try {
            switch (args[1]) {
                case "create" -> {
                    String mnemonic = readLine(in);
                    SeedKeystore.create(file, mnemonic, password.toCharArray());
                    out.println("Wrote " + file.toAbsolutePath());
                }
                case "generate" -> {
                    byte[] entropy = new byte[32];
                    new SecureRandom().nextBytes(entropy);
                    String mnemonic = MnemonicUtils.generateMnemonic(entropy);
                    SeedKeystore.create(file, mnemonic, password.toCharArray());
                    out.println("Wrote " + file.toAbsolutePath() + ". Write these 24 words down and keep them "
                                + "offline; they are the only copy outside the keystore:");
                    out.println(mnemonic);
                }
                case "addresses" -> { }
                default -> {
                    err.println("unknown " + COMMAND + " command '" + args[1] + "': create, generate or addresses");
                    return 2;
                }
            }
            printHotWallets(file, password, out);
            return 0;
        } catch (SignerKeystoreException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private static void printHotWallets(Path file, String password, PrintStream out) {
        SignerProperties properties = new SignerProperties();
        properties.setKeystore(file);
        properties.setPassword(password);
        for (Map.Entry<Chain, String> wallet : SignerModule.hotWallets(properties).entrySet()) {
            out.println("hot wallet on " + wallet.getKey().code() + ": " + wallet.getValue());
        }
        out.println("resource account on tron (stake TRX for energy from it): "
                    + SignerModule.resourceAccounts(properties).get(Chain.TRON));
    }

    private static String readLine(InputStream in) {
        try {
            String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line.trim().replaceAll("\\s+", " ");
        } catch (IOException e) {
            throw new SignerKeystoreException("cannot read the mnemonic from standard input: " + e.getMessage(), e);
        }
    }
}
