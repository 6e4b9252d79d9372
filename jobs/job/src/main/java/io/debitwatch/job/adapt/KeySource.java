package io.debitwatch.job.adapt;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where one provider's keys are read from: file and directory paths only. This is what travels in
 * the job graph; the keys themselves are read where the adapter runs ({@link KeyLoadingAdapter}),
 * so they never reach the job graph or HA storage.
 */
public sealed interface KeySource extends Serializable {

    /** A key directory of many accounts, polled for changes ({@link ProviderKeys#directory}). */
    record Directory(String path, Duration pollInterval) implements KeySource {
        public Directory {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(pollInterval, "pollInterval");
        }
    }

    /** The single-account WeChat Pay options: one APIv3 key, platform keys as specs. */
    record WeChatFiles(String apiV3KeyFile, List<String> platformKeySpecs) implements KeySource {
        public WeChatFiles {
            Objects.requireNonNull(apiV3KeyFile, "apiV3KeyFile");
            platformKeySpecs = List.copyOf(platformKeySpecs);
        }
    }

    /** The single-account Alipay options: one public key for the given apps and sellers. */
    record AlipayFiles(String publicKeyFile, List<String> appIds, List<String> sellerIds)
            implements KeySource {
        public AlipayFiles {
            Objects.requireNonNull(publicKeyFile, "publicKeyFile");
            appIds = List.copyOf(appIds);
            sellerIds = List.copyOf(sellerIds);
        }
    }
}
