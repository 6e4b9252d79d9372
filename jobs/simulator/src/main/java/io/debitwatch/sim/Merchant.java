package io.debitwatch.sim;

import io.debitwatch.core.model.Provider;
import java.util.List;

/**
 * A merchant as one provider knows it: WeChat sub-merchant ids have 10 digits, Alipay partner ids
 * are 16 digits starting 2088. Larger merchants have more terminals and see more orders.
 */
record Merchant(Provider provider, String merchantId, String storeId, List<String> terminals) {}
