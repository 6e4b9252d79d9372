package io.debitwatch.sim;

import io.debitwatch.core.model.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The merchants and terminals of a run, drawn once from the seed. */
final class Population {

    private final List<Merchant> wechat;
    private final List<Merchant> alipay;

    Population(SimulatorConfig config, SplittableRandom rng) {
        this.wechat = merchants(Provider.WECHAT, config, rng);
        this.alipay = merchants(Provider.ALIPAY, config, rng);
    }

    /**
     * WeChat carries a little more barcode traffic than Alipay; {@code only}, when not null, is the
     * one provider to pick from.
     */
    Merchant pick(SplittableRandom rng, Provider only) {
        boolean weChat = rng.nextDouble() < 0.55;
        if (only != null) {
            weChat = only == Provider.WECHAT;
        }
        List<Merchant> list = weChat ? wechat : alipay;
        // Squaring skews the pick towards the first merchants: a few busy chains, a long tail.
        double u = rng.nextDouble();
        return list.get((int) (u * u * list.size()));
    }

    private static List<Merchant> merchants(
            Provider provider, SimulatorConfig config, SplittableRandom rng) {
        List<Merchant> out = new ArrayList<>(config.merchants());
        for (int i = 0; i < config.merchants(); i++) {
            String id =
                    provider == Provider.WECHAT
                            ? "1" + (6 + rng.nextInt(4)) + Formats.digits(rng, 8)
                            : "2088" + Formats.digits(rng, 12);
            String store = String.format("S%06d", rng.nextInt(1_000_000));
            int n =
                    1
                            + (int)
                                    ((config.maxTerminalsPerMerchant() - 1)
                                            * Math.pow(rng.nextDouble(), 2));
            List<String> terminals = new ArrayList<>(n);
            for (int t = 0; t < n; t++) {
                terminals.add(store + "-T" + String.format("%02d", t + 1));
            }
            out.add(new Merchant(provider, id, store, List.copyOf(terminals)));
        }
        return List.copyOf(out);
    }
}
