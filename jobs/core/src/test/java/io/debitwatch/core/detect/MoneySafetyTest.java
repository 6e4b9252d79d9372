package io.debitwatch.core.detect;

import static io.debitwatch.core.detect.Story.AMOUNT;
import static io.debitwatch.core.detect.Story.D;
import static io.debitwatch.core.detect.Story.H;
import static io.debitwatch.core.detect.Story.TXN;
import static io.debitwatch.core.detect.Story.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.TerminalResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The money-safety amendments of SPEC §4a: an automatic REFUND only ever follows unambiguous
 * evidence; anything ambiguous is REVIEW. Each group is one rule; each test failed before the rule.
 */
class MoneySafetyTest {

    private static final Detector DETECTOR = new Detector(DetectorConfig.defaults());

    private static List<Decision> decideAll(Story s) {
        return DETECTOR.decide(s.provider(), s.facts(), H);
    }

    private static Decision find(Finding finding, List<Decision> ds) {
        return ds.stream().filter(d -> d.finding() == finding).findFirst().orElse(null);
    }

    private static List<Finding> findings(List<Decision> ds) {
        return ds.stream().map(Decision::finding).toList();
    }

    private static Story startedAt0() {
        return Story.wechat().request(at(0));
    }

    /** §4a.1: SUCCESS sticks; a later FAILED contests it; nothing contested is refunded. */
    @Nested
    class SuccessSticks {

        @Test
        void aPollAfterSuccessDoesNotUndoTheSale() {
            Story s =
                    startedAt0()
                            .debited(at(5_000))
                            .success(at(6_000))
                            .queryResult(at(20_000), TerminalResult.UNKNOWN)
                            .queryResult(at(30_000), TerminalResult.USERPAYING)
                            .timeout(at(40_000));

            assertThat(decideAll(s)).isEmpty();
        }

        @Test
        void aFailedAfterSuccessIsContestedAndOnlyReviewed() {
            Story s = startedAt0().debited(at(5_000)).success(at(6_000));
            Fact success = s.last();
            s.failed(at(30_000)); // e.g. error_code ORDERPAID: "already paid"
            Fact failed = s.last();

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds)).containsExactly(Finding.UNMATCHED_DEBIT);
            Decision ud = ds.get(0);
            assertThat(ud.action()).isEqualTo(Action.REVIEW);
            assertThat(ud.verdict()).isEqualTo(Verdict.CONTESTED);
            assertThat(ud.reviewReason()).isEqualTo(Detector.CONTESTED);
            assertThat(ud.evidence()).contains(success, failed);
            assertThat(Outputs.refund(s.key(), ud)).isNull();
        }

        @Test
        void aContestedVerdictGivesNoEarlyWarningNoMismatchAndNoSaleWithoutDebit() {
            Story noDebit = startedAt0().success(at(6_000)).failed(at(7_000));
            assertThat(decideAll(noDebit)).isEmpty();

            Story otherAmount =
                    startedAt0().debited(at(5_000), AMOUNT + 1, "CNY").success(at(6_000));
            otherAmount.failed(at(7_000));
            assertThat(findings(decideAll(otherAmount))).containsExactly(Finding.UNMATCHED_DEBIT);
        }

        @Test
        void successAndFailedAtTheSameTimeCollapseToSuccess() {
            Story s = startedAt0().debited(at(5_000)).failed(at(6_000)).success(at(6_000));

            assertThat(decideAll(s))
                    .extracting(Decision::finding)
                    .doesNotContain(Finding.UNMATCHED_DEBIT);
        }

        @Test
        void onlyAReversalEndsAContest() {
            Story contested = startedAt0().success(at(6_000)).failed(at(7_000));
            contested.success(at(8_000)).debited(at(9_000));
            Decision ud = find(Finding.UNMATCHED_DEBIT, decideAll(contested));
            assertThat(ud.verdict()).isEqualTo(Verdict.CONTESTED);

            Story reversed =
                    startedAt0().success(at(6_000)).failed(at(7_000)).reversalSucceeded(at(8_000));
            reversed.debited(at(9_000));
            Decision refund = find(Finding.UNMATCHED_DEBIT, decideAll(reversed));
            assertThat(refund.verdict()).isEqualTo(Verdict.REVERSED);
            assertThat(refund.action()).isEqualTo(Action.REFUND);
        }

        @Test
        void afterAReversalResultsApplyAsBefore() {
            Story s =
                    startedAt0()
                            .success(at(6_000))
                            .reversalSucceeded(at(8_000))
                            .failed(at(9_000))
                            .debited(at(10_000));

            Decision ud = find(Finding.UNMATCHED_DEBIT, decideAll(s));
            assertThat(ud.verdict()).isEqualTo(Verdict.FAILED);
            assertThat(ud.action()).isEqualTo(Action.REFUND);
        }
    }

    /** §4a.2: one order, one debit; a second distinct debit makes it a review. */
    @Nested
    class OneOrderOneDebit {

        @Test
        void twoDistinctDebitsAreReviewedNeverRefundedByEventIdOrder() {
            // txn A for 100 (the real sale) and txn B for 100,000 at the same time.
            Story s =
                    startedAt0()
                            .failed(at(10_000))
                            .debitedTxn(at(20_000), "B-4200009999", 100_000)
                            .debitedTxn(at(20_000), "A-4200000001", 100);

            List<Decision> ds = decideAll(s);
            Decision ud = find(Finding.UNMATCHED_DEBIT, ds);

            assertThat(ud.action()).isEqualTo(Action.REVIEW);
            assertThat(ud.amountMinor()).isEqualTo(100); // the earliest, ties by provider_txn_id
            assertThat(ud.debitTxnId()).isEqualTo("A-4200000001");
            assertThat(ud.reviewReason()).isEqualTo(Detector.distinctDebits(2));
            assertThat(ud.evidence())
                    .extracting(Fact::txnId)
                    .contains("A-4200000001", "B-4200009999");
            assertThat(Outputs.refund(s.key(), ud)).isNull();
        }

        @Test
        void theSameDebitAgainUnderAnotherEventIdIsStillOneDebit() {
            Story s = startedAt0().failed(at(10_000)).debited(at(20_000)).debited(at(25_000));

            assertThat(find(Finding.UNMATCHED_DEBIT, decideAll(s)).action())
                    .isEqualTo(Action.REFUND);
        }

        @Test
        void theSameTransactionWithAnotherAmountIsDistinct() {
            Story s =
                    startedAt0()
                            .failed(at(10_000))
                            .debited(at(20_000))
                            .debitedTxn(at(25_000), TXN, AMOUNT * 10);

            assertThat(find(Finding.UNMATCHED_DEBIT, decideAll(s)).action())
                    .isEqualTo(Action.REVIEW);
        }

        @Test
        void aDistinctDebitAfterARefundWasDecidedIsAConflictAtItsTime() {
            Story s =
                    startedAt0()
                            .failed(at(10_000))
                            .debited(at(20_000))
                            .debitedTxn(D + 60_000, "4200000000000000000002", 5_000);

            List<Decision> ds = decideAll(s);

            assertThat(find(Finding.UNMATCHED_DEBIT, ds).action()).isEqualTo(Action.REFUND);
            Decision conflict = find(Finding.CONFLICT, ds);
            assertThat(conflict).isNotNull();
            assertThat(conflict.decidedAt()).isEqualTo(D + 60_000);
            assertThat(conflict.action()).isEqualTo(Action.REVIEW);
            assertThat(conflict.amountMinor()).isEqualTo(AMOUNT);
        }

        @Test
        void theSameDebitRepeatedAfterARefundIsNoConflict() {
            Story s =
                    startedAt0()
                            .failed(at(10_000))
                            .debited(at(20_000))
                            .debited(D + 20 * Story.ONE_HOUR); // the statement row

            assertThat(findings(decideAll(s))).doesNotContain(Finding.CONFLICT);
        }
    }

    /** §4a.7: Alipay's refund_fee is cumulative: the largest total counts, not the sum. */
    @Nested
    class CumulativeRefunds {

        @Test
        void twoCumulativeTotalsAreNotAddedUp() {
            // 100.00 debited; partial refunds of 60.00, then 30.00: notified as 60.00 then 90.00.
            Story s =
                    Story.alipay()
                            .request(at(0))
                            .failed(at(10_000))
                            .debited(at(20_000), 10_000, "CNY")
                            .refundedTotal(D + 1_000, "R1", 6_000)
                            .refundedTotal(D + 2_000, "R2", 9_000);

            List<Decision> ds = decideAll(s);

            Decision ud = find(Finding.UNMATCHED_DEBIT, ds);
            assertThat(ud.decidedAt()).isEqualTo(D);
            assertThat(ud.amountMinor()).isEqualTo(10_000);
            assertThat(find(Finding.ALERT_RESOLVED, ds)).as("10.00 is still owed").isNull();
        }

        @Test
        void aTotalBeforeTheDeadlineLeavesTheRestToRefund() {
            Story s =
                    Story.alipay()
                            .request(at(0))
                            .failed(at(10_000))
                            .debited(at(20_000), 10_000, "CNY")
                            .refundedTotal(at(30_000), "R1", 6_000)
                            .refundedTotal(at(40_000), "R2", 9_000);

            assertThat(find(Finding.UNMATCHED_DEBIT, decideAll(s)).amountMinor()).isEqualTo(1_000);
        }

        @Test
        void theLargerOfSummedAmountsAndLargestTotalIsReturnedNeverAboveTheDebit() {
            Story s =
                    startedAt0()
                            .failed(at(10_000))
                            .debited(at(20_000))
                            .refunded(at(30_000), "R1", 200)
                            .refunded(at(31_000), "R2", 300)
                            .refundedTotal(at(32_000), "R2", 400);
            assertThat(find(Finding.UNMATCHED_DEBIT, decideAll(s)).amountMinor())
                    .isEqualTo(AMOUNT - 500);

            Story all =
                    startedAt0()
                            .failed(at(10_000))
                            .debited(at(20_000))
                            .refundedTotal(at(30_000), "R1", AMOUNT);
            assertThat(findings(decideAll(all))).containsExactly(Finding.EARLY_WARNING);
        }

        @Test
        void theFinalTotalResolvesTheAlert() {
            Story s =
                    Story.alipay()
                            .request(at(0))
                            .failed(at(10_000))
                            .debited(at(20_000), 10_000, "CNY")
                            .refundedTotal(D + 1_000, "R1", 6_000)
                            .refundedTotal(D + 2_000, "R2", 10_000);

            Decision resolved = find(Finding.ALERT_RESOLVED, decideAll(s));
            assertThat(resolved.decidedAt()).isEqualTo(D + 2_000);
        }
    }

    /**
     * Money returned that does not fit the debit is never netted silently: the rest is reviewed.
     */
    @Nested
    class ReturnsThatDoNotFit {

        @Test
        void aRefundOfAnotherTransactionOrCurrencyOrBeyondTheDebitIsReviewed() {
            Story otherTxn = startedAt0().failed(at(10_000)).debited(at(20_000));
            otherTxn.provider(
                    at(30_000),
                    io.debitwatch.core.model.ProviderSource.NOTIFY,
                    io.debitwatch.core.model.ProviderStatus.REFUNDED,
                    "4200000000000000000099",
                    AMOUNT,
                    "CNY",
                    null,
                    AMOUNT,
                    "R-OTHER");
            Story otherCurrency = startedAt0().failed(at(10_000)).debited(at(20_000));
            otherCurrency.provider(
                    at(30_000),
                    io.debitwatch.core.model.ProviderSource.NOTIFY,
                    io.debitwatch.core.model.ProviderStatus.REFUNDED,
                    TXN,
                    AMOUNT,
                    "USD",
                    null,
                    AMOUNT,
                    "R-USD");
            Story absurdTotal =
                    startedAt0()
                            .failed(at(10_000))
                            .debited(at(20_000))
                            .refundedTotal(at(30_000), "R-BIG", 10_000_000_000L);

            for (Story s : List.of(otherTxn, otherCurrency)) {
                Decision ud = find(Finding.UNMATCHED_DEBIT, decideAll(s));
                assertThat(ud).as("a debit hidden by a refund that is not its own").isNotNull();
                assertThat(ud.action()).isEqualTo(Action.REVIEW);
                assertThat(ud.amountMinor()).isEqualTo(AMOUNT);
                assertThat(ud.reviewReason()).contains("do not fit the debit");
            }
            Decision big = find(Finding.UNMATCHED_DEBIT, decideAll(absurdTotal));
            assertThat(big.action()).isEqualTo(Action.REVIEW);
            assertThat(big.amountMinor()).isEqualTo(AMOUNT);
        }

        @Test
        void aRefundThatFitsStillNetsAsBefore() {
            Story s =
                    startedAt0()
                            .failed(at(10_000))
                            .debited(at(20_000))
                            .refunded(at(30_000), "R1", 200);

            Decision ud = find(Finding.UNMATCHED_DEBIT, decideAll(s));
            assertThat(ud.action()).isEqualTo(Action.REFUND);
            assertThat(ud.amountMinor()).isEqualTo(AMOUNT - 200);
        }
    }

    /** §4a.3: a bound on facts never drops what decides money. */
    @Nested
    class Bound {

        @Test
        void aFloodOfPollsIsCompactedAndTheDecisiveSuccessIsKept() {
            Story s = startedAt0().userPaying(at(100));
            List<Fact> kept = new ArrayList<>(s.facts());
            for (int i = 0; i < 3_000; i++) {
                s.queryResult(at(200 + i * 15L), TerminalResult.USERPAYING);
                kept = admit(kept, s.last());
            }
            s.debited(at(50_000));
            kept = admit(kept, s.last());
            s.success(at(55_000));
            kept = admit(kept, s.last());

            assertThat(kept.size()).isLessThanOrEqualTo(FactBound.COMPACT_AT + 1);
            assertThat(kept).contains(s.last());
            assertThat(DETECTOR.decide(s.provider(), kept, H)).isEmpty();
        }

        @Test
        void compactionKeepsTheFirstAndLastOfEachRunAndEveryFinalResult() {
            Story s = startedAt0();
            for (int i = 1; i <= 5; i++) {
                s.userPaying(at(i * 100L));
            }
            s.failed(at(1_000));
            for (int i = 1; i <= 5; i++) {
                s.timeout(at(1_000 + i * 100L));
            }
            List<Fact> all = s.facts();

            List<Fact> compacted = FactBound.compact(all);

            assertThat(compacted)
                    .containsExactly(
                            all.get(0),
                            all.get(1),
                            all.get(5),
                            all.get(6),
                            all.get(7),
                            all.get(11));
            assertThat(DETECTOR.decide(s.provider(), compacted, H))
                    .isEqualTo(DETECTOR.decide(s.provider(), all, H));
        }

        @Test
        void beyondTheBoundMoneyEventsAreKeptAndTheOrderIsOnlyReviewed() {
            Story s = startedAt0();
            List<Fact> kept = new ArrayList<>(s.facts());
            boolean overflow = false;
            // Alternating results form no runs: nothing can be compacted.
            for (int i = 0; i < FactBound.MAX_FACTS + 10; i++) {
                s.queryResult(
                        at(100 + i * 10L),
                        i % 2 == 0 ? TerminalResult.USERPAYING : TerminalResult.UNKNOWN);
                FactBound.Admission a = FactBound.admit(kept, s.last());
                kept = a.facts();
                overflow |= a.overflow();
            }
            assertThat(overflow).isTrue();
            assertThat(kept).hasSize(FactBound.MAX_FACTS);

            s.failed(at(50_000));
            FactBound.Admission failed = FactBound.admit(kept, s.last());
            assertThat(failed.accepted()).isTrue();
            s.debited(at(55_000));
            FactBound.Admission debit = FactBound.admit(failed.facts(), s.last());
            assertThat(debit.accepted()).isTrue();

            Decision ud =
                    find(
                            Finding.UNMATCHED_DEBIT,
                            DETECTOR.decide(s.provider(), debit.facts(), H, null, true));
            assertThat(ud.action()).isEqualTo(Action.REVIEW);
            assertThat(ud.reviewReason()).isEqualTo(Detector.OVERFLOW);
        }

        @Test
        void aNonFinalFactBeyondTheBoundIsRefused() {
            Story s = startedAt0();
            List<Fact> kept = new ArrayList<>(s.facts());
            for (int i = 0; i < FactBound.MAX_FACTS - 1; i++) {
                s.queryResult(
                        at(100 + i * 10L),
                        i % 2 == 0 ? TerminalResult.USERPAYING : TerminalResult.UNKNOWN);
                kept.add(s.last());
            }
            s.queryResult(at(40_000), TerminalResult.TIMEOUT);
            FactBound.Admission a = FactBound.admit(kept, s.last());

            assertThat(a.accepted()).isFalse();
            assertThat(a.overflow()).isTrue();
            assertThat(a.facts()).hasSize(FactBound.MAX_FACTS);
        }

        private List<Fact> admit(List<Fact> kept, Fact f) {
            FactBound.Admission a = FactBound.admit(kept, f);
            assertThat(a.accepted()).isTrue();
            assertThat(a.overflow()).isFalse();
            return a.facts();
        }
    }

    /** §4a.4: emitted decisions stand; a late fact that contradicts a refund raises CONFLICT. */
    @Nested
    class LateFacts {

        @Test
        void aLateSuccessBeforeTheDeadlineContradictsAnEmittedRefund() {
            Story s = startedAt0().failed(at(10_000)).debited(at(20_000));
            Decision ud =
                    find(Finding.UNMATCHED_DEBIT, DETECTOR.decide(s.provider(), s.facts(), D));
            assertThat(ud.action()).isEqualTo(Action.REFUND);

            s.success(at(30_000)); // arrives after the refund went out
            List<Decision> ds =
                    DETECTOR.decide(
                            s.provider(), s.facts(), D + 5_000, Detector.Prior.of(ud), false);

            Decision conflict = find(Finding.CONFLICT, ds);
            assertThat(conflict).isNotNull();
            assertThat(conflict.decidedAt()).isEqualTo(D);
            assertThat(conflict.action()).isEqualTo(Action.REVIEW);
            assertThat(conflict.amountMinor()).isEqualTo(AMOUNT);
            assertThat(find(Finding.UNMATCHED_DEBIT, ds)).as("never decided twice").isNull();
        }

        @Test
        void aLateDistinctDebitBeforeTheRefundContradictsIt() {
            Story s = startedAt0().failed(at(10_000)).debited(at(20_000));
            Decision ud =
                    find(Finding.UNMATCHED_DEBIT, DETECTOR.decide(s.provider(), s.facts(), D));

            s.debitedTxn(at(25_000), "4200000000000000000009", 777);
            List<Decision> ds =
                    DETECTOR.decide(s.provider(), s.facts(), D + 1, Detector.Prior.of(ud), false);

            assertThat(find(Finding.CONFLICT, ds).decidedAt()).isEqualTo(D);
        }

        @Test
        void withoutLateFactsThePriorChangesNothing() {
            Story s =
                    startedAt0()
                            .failed(at(10_000))
                            .debited(at(20_000))
                            .refunded(D + 10_000, "R1", AMOUNT);
            List<Decision> pure = decideAll(s);
            Decision ud = find(Finding.UNMATCHED_DEBIT, pure);

            List<Decision> withPrior =
                    DETECTOR.decide(s.provider(), s.facts(), H, Detector.Prior.of(ud), false);

            assertThat(withPrior).isEqualTo(pure.stream().filter(d -> d != ud).toList());
        }
    }
}
