package io.debitwatch.sim;

import static io.debitwatch.core.model.ProviderSource.NOTIFY;
import static io.debitwatch.core.model.TerminalEventType.PAY_RESULT;
import static io.debitwatch.core.model.TerminalResult.SUCCESS;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debitwatch.core.json.Json;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderStatus;

/** The story of a record the job must dead-letter (see {@link StoryKind#MALFORMED}). */
final class BrokenRecords {

    private BrokenRecords() {}

    static void malformed(OrderBuilder b) {
        long s = b.start;
        boolean terminal = b.chance(0.5);
        ObjectNode node =
                terminal
                        ? Lines.tree(b.newTerminal(s, PAY_RESULT, SUCCESS, b.amount, null))
                        : Lines.tree(b.newProvider(s, NOTIFY, ProviderStatus.DEBITED, b.amount));
        SimEvent.Defect defect =
                SimEvent.Defect.values()[b.rng.nextInt(SimEvent.Defect.values().length)];
        String raw = broken(b, node, terminal, defect);
        b.malformed(terminal ? SimEvent.Stream.TERMINAL : SimEvent.Stream.PROVIDER, s, raw, defect);
    }

    /** The record's line, broken as {@code defect} says. */
    private static String broken(
            OrderBuilder b, ObjectNode node, boolean terminal, SimEvent.Defect defect) {
        switch (defect) {
            case NOT_JSON -> {
                // A record cut short by a gateway that crashed mid-write.
                String json = Json.write(node);
                return json.substring(0, json.length() / 2);
            }
            case UNKNOWN_ENUM -> {
                // Provider-native values that an adapter forgot to normalise.
                if (terminal) {
                    node.put("result", "PAID");
                } else {
                    node.put(
                            "status",
                            b.provider() == Provider.ALIPAY ? "TRADE_SUCCESS" : "SUCCESS");
                }
            }
            case NEGATIVE_AMOUNT -> node.put("amount_minor", -b.amount);
            default -> node.remove("out_trade_no");
        }
        return Json.write(node);
    }
}
