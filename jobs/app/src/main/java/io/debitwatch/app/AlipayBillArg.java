package io.debitwatch.app;

import io.debitwatch.providers.statement.AlipayStatement;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One {@code --alipay-bill [MERCHANT_ID=]FILE}: the statement file and the merchant id its rows get
 * (null: the account of its {@code #账号} line). The {@code SERIAL=FILE} form of the platform-key
 * option, for the same reason: a file name may hold a colon, rarely an equals sign, and a file that
 * exists under the whole argument is taken as it is.
 */
record AlipayBillArg(Path file, String merchantId) {

    /**
     * @param arg the option's value
     * @param single the {@code --alipay-bill-merchant-id} given for the only statement, or null
     * @throws IllegalArgumentException for an empty file, a merchant id the statement reader would
     *     refuse (blank, too long, a control character), or a merchant id given both ways
     */
    static AlipayBillArg parse(String arg, String single) {
        int eq = arg.indexOf('=');
        boolean prefixed =
                eq >= 0
                        && !Files.exists(Path.of(arg))
                        && arg.substring(0, eq).indexOf('/') < 0
                        && arg.substring(0, eq).indexOf('\\') < 0;
        String merchantId = prefixed ? arg.substring(0, eq).strip() : single;
        String file = prefixed ? arg.substring(eq + 1) : arg;
        if (file.isBlank() || (prefixed && merchantId.isEmpty())) {
            throw new IllegalArgumentException(
                    "--alipay-bill " + arg + ": expected [MERCHANT_ID=]FILE");
        }
        if (prefixed && single != null) {
            throw new IllegalArgumentException(
                    "--alipay-bill "
                            + arg
                            + " names its merchant id; drop --alipay-bill-merchant-id");
        }
        if (merchantId != null) {
            try {
                AlipayStatement.checkMerchantId(merchantId);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--alipay-bill " + arg + ": " + e.getMessage());
            }
        }
        return new AlipayBillArg(Path.of(file), merchantId);
    }
}
