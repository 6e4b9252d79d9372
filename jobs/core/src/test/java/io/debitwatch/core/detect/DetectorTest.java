package io.debitwatch.core.detect;

import static io.debitwatch.core.detect.Story.AMOUNT;
import static io.debitwatch.core.detect.Story.CALLBACK_HORIZON_MS;
import static io.debitwatch.core.detect.Story.CNY;
import static io.debitwatch.core.detect.Story.D;
import static io.debitwatch.core.detect.Story.H;
import static io.debitwatch.core.detect.Story.ONE_HOUR;
import static io.debitwatch.core.detect.Story.SETTLE_MS;
import static io.debitwatch.core.detect.Story.TXN;
import static io.debitwatch.core.detect.Story.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.debitwatch.core.model.Action;
import io.debitwatch.core.model.Provider;
import io.debitwatch.core.model.ProviderStatus;
import io.debitwatch.core.model.TerminalEventType;
import io.debitwatch.core.model.TerminalResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The detection table of SPEC §4, row by row, and the rules around it. */
class DetectorTest {

    private static final Detector DETECTOR = new Detector(DetectorConfig.defaults());

    // ---- helpers -----------------------------------------------------------------------------

    /** Every decision of the story's first timeline (at the horizon, everything is decided). */
    private static List<Decision> decideAll(Story s) {
        return DETECTOR.decide(s.provider(), s.facts(), H);
    }

    private static List<Decision> decide(Story s, long at) {
        return DETECTOR.decide(s.provider(), s.facts(), at);
    }

    private static List<Finding> findings(List<Decision> decisions) {
        return decisions.stream().map(Decision::finding).toList();
    }

    /** The one decision with that finding; fails when there is none or more than one. */
    private static Decision the(Finding finding, List<Decision> decisions) {
        List<Decision> matching = decisions.stream().filter(d -> d.finding() == finding).toList();
        assertThat(matching).as("decisions with finding %s in %s", finding, decisions).hasSize(1);
        return matching.get(0);
    }

    private static Story startedAt0() {
        return Story.wechat().request(at(0));
    }

    @Test
    void fixtureConstantsAreTheSpecDefaults() {
        DetectorConfig defaults = DetectorConfig.defaults();
        assertThat(SETTLE_MS).isEqualTo(DetectorConfig.DEFAULT_SETTLE_WINDOW.toMillis());
        assertThat(CALLBACK_HORIZON_MS)
                .isEqualTo(DetectorConfig.DEFAULT_CALLBACK_HORIZON.toMillis());
        assertThat(defaults.deadline(Provider.WECHAT, at(0))).isEqualTo(D);
        assertThat(defaults.horizon(Provider.ALIPAY, at(0))).isEqualTo(H);
        assertThat(SETTLE_MS).isEqualTo(60_000);
        assertThat(CALLBACK_HORIZON_MS).isEqualTo(25 * ONE_HOUR);
    }

    @Test
    void noFactsDecideNothing() {
        assertThat(DETECTOR.decide(Provider.WECHAT, List.of(), H)).isEmpty();
        assertThat(DETECTOR.earlyWarning(Provider.WECHAT, List.of())).isNull();
    }

    // ---- UNMATCHED_DEBIT ---------------------------------------------------------------------

    @Nested
    class UnmatchedDebit {

        @Test
        void refundsNetDebitWhenTerminalFailedAtDeadline() {
            Story s = startedAt0().debited(at(20_000));
            Fact debit = s.last();
            s.failed(at(30_000));
            Fact failed = s.last();

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds))
                    .containsExactly(Finding.EARLY_WARNING, Finding.UNMATCHED_DEBIT);
            Decision ud = the(Finding.UNMATCHED_DEBIT, ds);
            assertThat(ud.decidedAt()).isEqualTo(D);
            assertThat(ud.action()).isEqualTo(Action.REFUND);
            assertThat(ud.amountMinor()).isEqualTo(AMOUNT);
            assertThat(ud.currency()).isEqualTo(CNY);
            assertThat(ud.verdict()).isEqualTo(Verdict.FAILED);
            assertThat(ud.debitTxnId()).isEqualTo(TXN);
            assertThat(ud.evidence()).containsExactly(debit, failed);
        }

        @Test
        void refundsNetDebitWhenTerminalTimedOutAtDeadline() {
            Story s = startedAt0().timeout(at(25_000)).debited(at(40_000));

            Decision ud = the(Finding.UNMATCHED_DEBIT, decideAll(s));

            assertThat(ud.decidedAt()).isEqualTo(D);
            assertThat(ud.action()).isEqualTo(Action.REFUND);
            assertThat(ud.verdict()).isEqualTo(Verdict.TIMEOUT);
            assertThat(ud.amountMinor()).isEqualTo(AMOUNT);
        }

        @Test
        void refundsNetDebitWhenTerminalReversedTheOrderBeforeDeadline() {
            // the customer paid between the last query and the reversal
            Story s =
                    startedAt0()
                            .timeout(at(25_000))
                            .reversalSucceeded(at(50_000))
                            .debited(at(55_000));

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds)).containsExactly(Finding.UNMATCHED_DEBIT);
            Decision ud = the(Finding.UNMATCHED_DEBIT, ds);
            assertThat(ud.decidedAt()).isEqualTo(D);
            assertThat(ud.action()).isEqualTo(Action.REFUND);
            assertThat(ud.verdict()).isEqualTo(Verdict.REVERSED);
        }

        @Test
        void refundsNetDebitWhenTerminalStillPendingAtDeadline() {
            Story s = startedAt0().userPaying(at(10_000)).debited(at(30_000));

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds)).containsExactly(Finding.UNMATCHED_DEBIT);
            Decision ud = the(Finding.UNMATCHED_DEBIT, ds);
            assertThat(ud.action()).isEqualTo(Action.REFUND);
            assertThat(ud.verdict()).isEqualTo(Verdict.PENDING);
        }

        @Test
        void aTerminalEventWithoutResultMakesTheVerdictPending() {
            Story s = startedAt0().reversalFailed(at(20_000)).debited(at(30_000));

            Decision ud = the(Finding.UNMATCHED_DEBIT, decideAll(s));

            assertThat(ud.verdict()).isEqualTo(Verdict.PENDING);
            assertThat(ud.action()).isEqualTo(Action.REFUND);
        }

        @Test
        void unknownResultCountsAsPending() {
            Story s =
                    startedAt0()
                            .queryResult(at(10_000), TerminalResult.UNKNOWN)
                            .debited(at(30_000));

            assertThat(the(Finding.UNMATCHED_DEBIT, decideAll(s)).verdict())
                    .isEqualTo(Verdict.PENDING);
        }

        @Test
        void refundsOnlyWhatIsStillNetAfterPartialRefunds() {
            Story s =
                    startedAt0()
                            .debited(at(10_000))
                            .failed(at(20_000))
                            .refunded(at(40_000), "r-1", 200)
                            .refunded(at(45_000), "r-2", 34);

            Decision ud = the(Finding.UNMATCHED_DEBIT, decideAll(s));

            assertThat(ud.amountMinor()).isEqualTo(AMOUNT - 234);
            assertThat(ud.action()).isEqualTo(Action.REFUND);
        }

        @Test
        void noAlertWhenTheDebitWasFullyReturnedByTheDeadline() {
            Story s =
                    startedAt0()
                            .debited(at(10_000))
                            .failed(at(20_000))
                            .refunded(at(40_000), "r-1", 1000)
                            .refunded(at(45_000), "r-2", 1000); // more than the debit

            assertThat(findings(decideAll(s))).containsExactly(Finding.EARLY_WARNING);
        }

        @Test
        void noAlertWhenTheProviderReversedTheDebitByTheDeadline() {
            Story s = startedAt0().debited(at(10_000)).failed(at(20_000)).reversed(at(50_000));

            assertThat(findings(decideAll(s))).containsExactly(Finding.EARLY_WARNING);
        }

        @Test
        void reviewsDebitWithoutAnyTerminalRecord() {
            Story s = Story.wechat().debited(at(0));

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds)).containsExactly(Finding.UNMATCHED_DEBIT);
            Decision ud = the(Finding.UNMATCHED_DEBIT, ds);
            assertThat(ud.decidedAt()).isEqualTo(D);
            assertThat(ud.action()).isEqualTo(Action.REVIEW);
            assertThat(ud.verdict()).isEqualTo(Verdict.MISSING);
            assertThat(ud.amountMinor()).isEqualTo(AMOUNT);
        }

        @Test
        void refundsDebitWithoutAnyTerminalRecordWhenRefundMissingTerminalIsOn() {
            Detector refunding =
                    new Detector(DetectorConfig.builder().refundMissingTerminal(true).build());
            Story s = Story.wechat().debited(at(0));

            List<Decision> ds = refunding.decide(s.provider(), s.facts(), H);

            Decision ud = the(Finding.UNMATCHED_DEBIT, ds);
            assertThat(ud.action()).isEqualTo(Action.REFUND);
            assertThat(ud.verdict()).isEqualTo(Verdict.MISSING);
        }

        @Test
        void terminalEventsAfterTheDeadlineDoNotMakeAMissingVerdictKnown() {
            Story s = Story.wechat().debited(at(0)).failed(at(70_000));

            Decision ud = the(Finding.UNMATCHED_DEBIT, decideAll(s));

            assertThat(ud.decidedAt()).isEqualTo(D);
            assertThat(ud.verdict()).isEqualTo(Verdict.MISSING);
            assertThat(ud.action()).isEqualTo(Action.REVIEW);
        }

        @Test
        void noAlertWhenTheTerminalSucceededWithTheDebitedAmount() {
            Story s = startedAt0().debited(at(5_000)).success(at(8_000));

            assertThat(decideAll(s)).isEmpty();
        }
    }

    // ---- AMOUNT_MISMATCH ---------------------------------------------------------------------

    @Nested
    class AmountMismatch {

        @Test
        void reviewsWhenTheDebitedAmountDiffersFromTheTerminalAmount() {
            Story s = startedAt0().debited(at(5_000), 1200, CNY);
            Fact debit = s.last();
            s.success(at(10_000));
            Fact success = s.last();

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds)).containsExactly(Finding.AMOUNT_MISMATCH);
            Decision am = ds.get(0);
            assertThat(am.decidedAt()).isEqualTo(D);
            assertThat(am.action()).isEqualTo(Action.REVIEW);
            assertThat(am.amountMinor()).isEqualTo(1200);
            assertThat(am.currency()).isEqualTo(CNY);
            assertThat(am.verdict()).isEqualTo(Verdict.SUCCESS);
            assertThat(am.debitTxnId()).isEqualTo(TXN);
            assertThat(am.evidence()).containsExactly(debit, success);
        }

        @Test
        void reviewsWhenTheDebitedCurrencyDiffersFromTheTerminalCurrency() {
            Story s = startedAt0().debited(at(5_000), AMOUNT, "HKD").success(at(10_000));

            Decision am = the(Finding.AMOUNT_MISMATCH, decideAll(s));

            assertThat(am.currency()).isEqualTo("HKD");
            assertThat(am.amountMinor()).isEqualTo(AMOUNT);
        }

        @Test
        void comparesOrderAmountsNotPayerAmounts() {
            Story s = startedAt0().debitedWithCoupon(at(5_000), 1000).success(at(10_000));

            assertThat(decideAll(s)).isEmpty();
        }

        @Test
        void isDecidedAtTheFirstDecisionPointAfterTheDeadlineWhereItHolds() {
            Story s = startedAt0().success(at(10_000)).debited(at(90_000), 999, CNY);

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds)).containsExactly(Finding.AMOUNT_MISMATCH);
            assertThat(ds.get(0).decidedAt()).isEqualTo(at(90_000));
        }
    }

    // ---- STUCK_PAYMENT -----------------------------------------------------------------------

    @Nested
    class StuckPayment {

        @Test
        void queriesWhenTheVerdictIsPendingAtDeadlineAndTheProviderIsSilent() {
            Story s = startedAt0().userPaying(at(5_000));
            Fact pending = s.last();

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds)).containsExactly(Finding.STUCK_PAYMENT);
            Decision stuck = ds.get(0);
            assertThat(stuck.decidedAt()).isEqualTo(D);
            assertThat(stuck.action()).isEqualTo(Action.QUERY);
            assertThat(stuck.verdict()).isEqualTo(Verdict.PENDING);
            assertThat(stuck.amountMinor()).isEqualTo(AMOUNT);
            assertThat(stuck.currency()).isEqualTo(CNY);
            assertThat(stuck.evidence()).contains(pending);
        }

        @Test
        void queriesWhenOnlyThePayRequestWasSeen() {
            Story s = startedAt0();

            Decision stuck = the(Finding.STUCK_PAYMENT, decideAll(s));

            assertThat(stuck.verdict()).isEqualTo(Verdict.PENDING);
        }

        @Test
        void queriesWhenTheVerdictIsTimeoutAtDeadlineAndTheProviderIsSilent() {
            Story s = startedAt0().timeout(at(30_000));

            Decision stuck = the(Finding.STUCK_PAYMENT, decideAll(s));

            assertThat(stuck.decidedAt()).isEqualTo(D);
            assertThat(stuck.verdict()).isEqualTo(Verdict.TIMEOUT);
            assertThat(stuck.action()).isEqualTo(Action.QUERY);
        }

        @Test
        void isNotRaisedWhenAProviderEventExistsByTheDeadline() {
            Story s = startedAt0().timeout(at(30_000)).notPaid(at(50_000));

            assertThat(decideAll(s)).isEmpty();
        }

        @Test
        void aProviderEventExactlyAtTheDeadlineCounts() {
            Story s = startedAt0().timeout(at(30_000)).notPaid(D);

            assertThat(decideAll(s)).isEmpty();
        }

        @Test
        void aProviderEventAfterTheDeadlineDoesNotPreventIt() {
            Story s = startedAt0().timeout(at(30_000)).notPaid(at(70_000));

            assertThat(findings(decideAll(s))).containsExactly(Finding.STUCK_PAYMENT);
        }

        @Test
        void isNotRaisedWhenTheTerminalFailed() {
            Story s = startedAt0().failed(at(30_000));

            assertThat(decideAll(s)).isEmpty();
        }

        @Test
        void isDecidedAtTheDeadlineOnly() {
            Story s = startedAt0().timeout(at(30_000));

            assertThat(decide(s, D - 1)).isEmpty();
            assertThat(decide(s, D))
                    .extracting(Decision::finding)
                    .containsExactly(Finding.STUCK_PAYMENT);
            assertThat(decideAll(s)).extracting(Decision::decidedAt).containsExactly(D);
        }
    }

    // ---- SALE_WITHOUT_DEBIT ------------------------------------------------------------------

    @Nested
    class SaleWithoutDebit {

        @Test
        void reviewsATerminalSaleWithoutDebitAtTheHorizon() {
            Story s = startedAt0().success(at(10_000));

            assertThat(decide(s, H - 1)).isEmpty();
            List<Decision> ds = decide(s, H);

            assertThat(findings(ds)).containsExactly(Finding.SALE_WITHOUT_DEBIT);
            Decision swd = ds.get(0);
            assertThat(swd.decidedAt()).isEqualTo(H);
            assertThat(swd.action()).isEqualTo(Action.REVIEW);
            assertThat(swd.verdict()).isEqualTo(Verdict.SUCCESS);
            assertThat(swd.amountMinor()).isEqualTo(AMOUNT);
            assertThat(swd.currency()).isEqualTo(CNY);
            assertThat(swd.debitTxnId()).isNull();
        }

        @ParameterizedTest
        @EnumSource(
                value = ProviderStatus.class,
                names = {"NOT_PAID", "CLOSED", "REVERSED"})
        void reviewsATerminalSaleAtAClosingProviderEventAfterTheDeadline(ProviderStatus status) {
            Story s = startedAt0().success(at(10_000)).closing(at(120_000), status);
            Fact closing = s.last();

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds)).containsExactly(Finding.SALE_WITHOUT_DEBIT);
            assertThat(ds.get(0).decidedAt()).isEqualTo(at(120_000));
            assertThat(ds.get(0).evidence()).contains(closing);
        }

        @Test
        void aClosingProviderEventByTheDeadlineIsNoTriggerSoItWaitsForTheHorizon() {
            Story s = startedAt0().success(at(10_000)).notPaid(at(30_000));

            Decision swd = the(Finding.SALE_WITHOUT_DEBIT, decideAll(s));

            assertThat(swd.decidedAt()).isEqualTo(H);
        }

        @Test
        void reviewsATerminalSaleWhoseDebitTheProviderReversed() {
            Story s = startedAt0().debited(at(5_000)).success(at(10_000)).reversed(at(200_000));

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds)).containsExactly(Finding.SALE_WITHOUT_DEBIT);
            Decision swd = ds.get(0);
            assertThat(swd.decidedAt()).isEqualTo(at(200_000));
            assertThat(swd.debitTxnId()).isEqualTo(TXN);
        }

        @Test
        void aDebitReversedBeforeTheDeadlineIsReviewedAtTheHorizon() {
            Story s = startedAt0().debited(at(5_000)).success(at(10_000)).reversed(at(40_000));

            Decision swd = the(Finding.SALE_WITHOUT_DEBIT, decideAll(s));

            assertThat(swd.decidedAt()).isEqualTo(H);
        }

        @Test
        void aRefundAfterASaleIsNormal() {
            Story s =
                    startedAt0()
                            .debited(at(5_000))
                            .success(at(10_000))
                            .refunded(at(3 * ONE_HOUR), "r-1", AMOUNT);

            assertThat(decideAll(s)).isEmpty();
        }

        @Test
        void aStaleNotPaidAfterTheDebitIsNoSaleWithoutDebit() {
            Story s = startedAt0().debited(at(5_000)).success(at(10_000)).notPaid(at(120_000));

            assertThat(decideAll(s)).isEmpty();
        }

        @Test
        void isNotRaisedWhenTheTerminalDidNotSucceed() {
            Story s = startedAt0().failed(at(10_000)).closed(at(120_000));

            assertThat(decideAll(s)).isEmpty();
        }
    }

    // ---- CONFLICT ----------------------------------------------------------------------------

    @Nested
    class Conflict {

        @Test
        void reviewsATerminalSuccessAfterARefundWasDecided() {
            Story s = startedAt0().debited(at(5_000)).failed(at(10_000)).success(at(120_000));
            Fact lateSuccess = s.last();

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds))
                    .containsExactly(
                            Finding.EARLY_WARNING, Finding.UNMATCHED_DEBIT, Finding.CONFLICT);
            Decision conflict = the(Finding.CONFLICT, ds);
            assertThat(conflict.decidedAt()).isEqualTo(at(120_000));
            assertThat(conflict.action()).isEqualTo(Action.REVIEW);
            assertThat(conflict.amountMinor()).isEqualTo(AMOUNT);
            assertThat(conflict.debitTxnId()).isEqualTo(TXN);
            assertThat(conflict.evidence()).contains(lateSuccess);
            // the late success changes no verdict: the refund stands
            assertThat(the(Finding.UNMATCHED_DEBIT, ds).action()).isEqualTo(Action.REFUND);
        }

        @Test
        void noConflictAfterAReviewUnmatchedDebit() {
            Story s = Story.wechat().debited(at(0)).success(at(120_000));

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds)).containsExactly(Finding.UNMATCHED_DEBIT);
            assertThat(ds.get(0).action()).isEqualTo(Action.REVIEW);
        }

        @Test
        void noConflictForASuccessAtTheSameTimeAsTheRefundDecision() {
            Story s = startedAt0().failed(at(10_000)).debited(at(90_000)).success(at(90_000));

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds)).containsExactly(Finding.UNMATCHED_DEBIT);
            assertThat(ds.get(0).decidedAt()).isEqualTo(at(90_000));
        }

        @Test
        void isDecidedOnceForSeveralLateSuccesses() {
            Story s =
                    startedAt0()
                            .debited(at(5_000))
                            .failed(at(10_000))
                            .success(at(120_000))
                            .success(at(180_000));

            assertThat(the(Finding.CONFLICT, decideAll(s)).decidedAt()).isEqualTo(at(120_000));
        }
    }

    // ---- tie-breaking and duplicates ---------------------------------------------------------

    static Stream<Arguments> equalTimeResults() {
        return Stream.of(
                Arguments.of(
                        result(Story::reversalSucceeded), result(Story::success), Verdict.REVERSED),
                Arguments.of(result(Story::success), result(Story::failed), Verdict.SUCCESS),
                Arguments.of(result(Story::failed), result(Story::timeout), Verdict.FAILED),
                Arguments.of(result(Story::timeout), result(Story::userPaying), Verdict.TIMEOUT),
                Arguments.of(
                        result(Story::reversalSucceeded),
                        result(Story::userPaying),
                        Verdict.REVERSED),
                Arguments.of(result(Story::success), result(Story::timeout), Verdict.SUCCESS));
    }

    /** A terminal result told at a given time. */
    interface Result {
        Story tell(Story s, long t);
    }

    private static Result result(Result r) {
        return r;
    }

    @ParameterizedTest
    @MethodSource("equalTimeResults")
    void equalTimesAreBrokenReversedOverSuccessOverFailedOverTimeoutOverPending(
            Result winner, Result loser, Verdict expected) {
        for (boolean winnerFirst : new boolean[] {true, false}) {
            // a debit of another amount: a SUCCESS verdict shows as AMOUNT_MISMATCH, any other
            // verdict as UNMATCHED_DEBIT; either way the decision carries the verdict at D
            Story s = startedAt0().debited(at(5_000), 999, CNY);
            if (winnerFirst) {
                loser.tell(winner.tell(s, at(20_000)), at(20_000));
            } else {
                winner.tell(loser.tell(s, at(20_000)), at(20_000));
            }

            List<Decision> atDeadline =
                    decideAll(s).stream().filter(d -> d.decidedAt() == D).toList();

            assertThat(atDeadline).as("winner told first: %s", winnerFirst).hasSize(1);
            assertThat(atDeadline.get(0).verdict())
                    .as("winner told first: %s", winnerFirst)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aLaterResultWinsOverAnEarlierOneWhateverItsRank() {
        Story s = startedAt0().failed(at(10_000)).userPaying(at(20_000)).debited(at(30_000));

        assertThat(the(Finding.UNMATCHED_DEBIT, decideAll(s)).verdict()).isEqualTo(Verdict.PENDING);
    }

    @Test
    void theSameDebitDeliveredAgainUnderANewEventIdCountsOnce() {
        Story s =
                startedAt0()
                        .debited(at(5_000))
                        .failed(at(10_000))
                        .debited(at(5_000)) // the query saw it too
                        .debited(at(5_000)); // and the statement the next day
        Fact first = s.facts().get(1);
        s.refunded(at(2 * ONE_HOUR), "r-1", AMOUNT);

        List<Decision> ds = decideAll(s);

        Decision ud = the(Finding.UNMATCHED_DEBIT, ds);
        assertThat(ud.amountMinor()).isEqualTo(AMOUNT);
        assertThat(ud.evidence()).filteredOn(f -> f.kind() == Fact.Kind.P_DEBITED).hasSize(1);
        assertThat(ud.evidence()).contains(first);
        // one refund of the amount returns everything
        assertThat(the(Finding.ALERT_RESOLVED, ds).decidedAt()).isEqualTo(at(2 * ONE_HOUR));
    }

    @Test
    void theSameRefundNumberTwiceCountsOnce() {
        Story s =
                startedAt0()
                        .debited(at(5_000))
                        .failed(at(10_000))
                        .refunded(at(20_000), "r-1", 500)
                        .refunded(at(21_000), "r-1", 500);

        assertThat(the(Finding.UNMATCHED_DEBIT, decideAll(s)).amountMinor())
                .isEqualTo(AMOUNT - 500);
    }

    @Test
    void refundsAreSummedPerDistinctRefundNumber() {
        Story s =
                startedAt0()
                        .debited(at(5_000))
                        .failed(at(10_000))
                        .refunded(at(20_000), "r-1", 500)
                        .refunded(at(21_000), "r-2", 300)
                        .refunded(at(22_000), "r-2", 300)
                        .refunded(at(23_000), "r-3", 100);

        assertThat(the(Finding.UNMATCHED_DEBIT, decideAll(s)).amountMinor())
                .isEqualTo(AMOUNT - 900);
    }

    // ---- out-of-order input ------------------------------------------------------------------

    /** A story that decides every kind of finding. */
    private static Story busyStory() {
        return startedAt0()
                .userPaying(at(3_000))
                .debited(at(5_000))
                .timeout(at(8_000))
                .failed(at(8_000))
                .debited(at(5_000))
                .refunded(at(30_000), "r-1", 200)
                .refunded(at(30_000), "r-1", 200)
                .success(at(120_000))
                .reversalFailed(at(150_000))
                .refunded(at(ONE_HOUR), "r-2", 500)
                .refunded(at(2 * ONE_HOUR), "r-3", 534)
                .notPaid(at(3 * ONE_HOUR))
                .debited(H + 1);
    }

    @Test
    void shuffledFactsGiveIdenticalDecisions() {
        Story s = busyStory();
        List<Decision> expected = decideAll(s);
        assertThat(findings(expected))
                .containsExactly(
                        Finding.EARLY_WARNING,
                        Finding.UNMATCHED_DEBIT,
                        Finding.CONFLICT,
                        Finding.ALERT_RESOLVED);

        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            List<Fact> shuffled = new ArrayList<>(s.facts());
            Collections.shuffle(shuffled, random);

            assertThat(DETECTOR.decide(s.provider(), shuffled, H))
                    .as("shuffle %d: %s", i, shuffled)
                    .isEqualTo(expected);
            assertThat(DETECTOR.earlyWarning(s.provider(), shuffled)).isEqualTo(expected.get(0));
        }
    }

    @Test
    void shuffledFactsGiveIdenticalDecisionsForASaleWithoutDebit() {
        Story s =
                startedAt0()
                        .debited(at(5_000), 999, CNY)
                        .success(at(10_000))
                        .timeout(at(10_000))
                        .closed(at(200_000))
                        .reversed(at(300_000));
        List<Decision> expected = decideAll(s);
        assertThat(findings(expected))
                .containsExactly(Finding.AMOUNT_MISMATCH, Finding.SALE_WITHOUT_DEBIT);

        Random random = new Random(7);
        for (int i = 0; i < 100; i++) {
            List<Fact> shuffled = new ArrayList<>(s.facts());
            Collections.shuffle(shuffled, random);
            assertThat(DETECTOR.decide(s.provider(), shuffled, H)).isEqualTo(expected);
        }
    }

    // ---- early warning -----------------------------------------------------------------------

    @Nested
    class EarlyWarning {

        @Test
        void warnsAtTheFirstTimeBeforeTheDeadlineWithADebitAndAFailedVerdict() {
            Story s = startedAt0().debited(at(5_000));
            Fact debit = s.last();
            s.timeout(at(10_000));
            Fact timeout = s.last();
            s.failed(at(20_000));

            Decision ew = the(Finding.EARLY_WARNING, decideAll(s));

            assertThat(ew.decidedAt()).isEqualTo(at(10_000));
            assertThat(ew.verdict()).isEqualTo(Verdict.TIMEOUT);
            assertThat(ew.action()).isEqualTo(Action.NONE);
            assertThat(ew.amountMinor()).isEqualTo(AMOUNT);
            assertThat(ew.currency()).isEqualTo(CNY);
            assertThat(ew.debitTxnId()).isEqualTo(TXN);
            assertThat(ew.evidence()).containsExactly(debit, timeout);
            assertThat(DETECTOR.earlyWarning(s.provider(), s.facts())).isEqualTo(ew);
        }

        @Test
        void isDecidedWhenTheDebitArrivesAfterTheFailure() {
            Story s = startedAt0().failed(at(10_000)).debited(at(30_000));

            Decision ew = the(Finding.EARLY_WARNING, decideAll(s));

            assertThat(ew.decidedAt()).isEqualTo(at(30_000));
            assertThat(ew.verdict()).isEqualTo(Verdict.FAILED);
        }

        @Test
        void isNotDecidedBeforeItsTime() {
            Story s = startedAt0().failed(at(10_000)).debited(at(30_000));

            assertThat(decide(s, at(29_999))).isEmpty();
            assertThat(findings(decide(s, at(30_000)))).containsExactly(Finding.EARLY_WARNING);
            // the live warning does not wait for event time
            assertThat(DETECTOR.earlyWarning(s.provider(), s.facts()).decidedAt())
                    .isEqualTo(at(30_000));
        }

        @Test
        void isAbsentWhenTheTerminalRecordsSuccess() {
            Story s = startedAt0().debited(at(5_000)).success(at(8_000));

            assertThat(DETECTOR.earlyWarning(s.provider(), s.facts())).isNull();
            assertThat(decideAll(s)).isEmpty();
        }

        @Test
        void noAlertFollowsWhenTheTerminalRecordsSuccessBeforeTheDeadline() {
            Story s = startedAt0().failed(at(10_000)).debited(at(15_000)).success(at(40_000));

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds)).containsExactly(Finding.EARLY_WARNING);
            assertThat(ds.get(0).decidedAt()).isEqualTo(at(15_000));
        }

        @Test
        void isAbsentWhenTheVerdictIsOnlyPending() {
            Story s = startedAt0().userPaying(at(10_000)).debited(at(15_000));

            assertThat(DETECTOR.earlyWarning(s.provider(), s.facts())).isNull();
            assertThat(findings(decideAll(s))).doesNotContain(Finding.EARLY_WARNING);
        }

        @Test
        void isAbsentWhenTheDebitComesOnlyAtTheDeadline() {
            Story s = startedAt0().failed(at(10_000)).debited(D);

            assertThat(DETECTOR.earlyWarning(s.provider(), s.facts())).isNull();
            assertThat(findings(decideAll(s))).containsExactly(Finding.UNMATCHED_DEBIT);
        }

        @Test
        void isAbsentWhenTheFailureIsRecordedOnlyAfterTheDeadline() {
            Story s = startedAt0().debited(at(10_000)).failed(at(70_000));

            assertThat(DETECTOR.earlyWarning(s.provider(), s.facts())).isNull();
            // verdict(D) is PENDING (the request had no result)
            Decision ud = the(Finding.UNMATCHED_DEBIT, decideAll(s));
            assertThat(ud.verdict()).isEqualTo(Verdict.PENDING);
        }

        @Test
        void isDecidedOnlyOnce() {
            Story s =
                    startedAt0()
                            .failed(at(10_000))
                            .debited(at(15_000))
                            .timeout(at(20_000))
                            .failed(at(30_000));

            assertThat(the(Finding.EARLY_WARNING, decideAll(s)).decidedAt()).isEqualTo(at(15_000));
        }
    }

    // ---- decision points after the deadline -------------------------------------------------

    @Test
    void aProviderEventAfterTheDeadlineDecidesUnmatchedDebitAtItsOwnTime() {
        Story s = startedAt0().failed(at(10_000)).debited(at(90_000));

        assertThat(decide(s, at(89_999))).isEmpty();
        List<Decision> ds = decideAll(s);

        assertThat(findings(ds)).containsExactly(Finding.UNMATCHED_DEBIT);
        assertThat(ds.get(0).decidedAt()).isEqualTo(at(90_000));
        assertThat(ds.get(0).verdict()).isEqualTo(Verdict.FAILED);
        assertThat(ds.get(0).action()).isEqualTo(Action.REFUND);
    }

    @Test
    void aStatementDebitTheNextDayIsDecidedAtItsOwnTime() {
        Story s = startedAt0().timeout(at(10_000)).debited(at(20 * ONE_HOUR));

        List<Decision> ds = decideAll(s);

        assertThat(findings(ds)).containsExactly(Finding.STUCK_PAYMENT, Finding.UNMATCHED_DEBIT);
        assertThat(the(Finding.UNMATCHED_DEBIT, ds).decidedAt()).isEqualTo(at(20 * ONE_HOUR));
    }

    @Test
    void aTerminalSuccessAfterTheDeadlineDoesNotChangeTheVerdict() {
        Story s = startedAt0().failed(at(10_000)).success(at(70_000)).debited(at(100_000));

        Decision ud = the(Finding.UNMATCHED_DEBIT, decideAll(s));

        assertThat(ud.decidedAt()).isEqualTo(at(100_000));
        assertThat(ud.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(ud.action()).isEqualTo(Action.REFUND);
    }

    @Test
    void aTerminalSuccessAfterTheDeadlineIsADecisionPointForConflictOnly() {
        // a second, different terminal amount after D is no decision point of its own
        Story s =
                startedAt0()
                        .debited(at(5_000))
                        .success(at(10_000))
                        .terminal(
                                at(100_000),
                                TerminalEventType.QUERY_RESULT,
                                TerminalResult.SUCCESS,
                                999L,
                                CNY);

        assertThat(decide(s, at(100_000))).isEmpty();
        assertThat(decideAll(s)).allMatch(d -> d.decidedAt() != at(100_000));
    }

    @Test
    void aTerminalFailureAfterTheDeadlineDoesNotChangeASuccess() {
        Story s = startedAt0().success(at(10_000)).failed(at(70_000)).debited(at(100_000));

        assertThat(decideAll(s)).isEmpty();
    }

    @Test
    void aTerminalReversalAfterTheDeadlineMakesTheVerdictReversed() {
        Story s =
                startedAt0().debited(at(5_000)).success(at(10_000)).reversalSucceeded(at(100_000));
        Fact reversal = s.last();

        List<Decision> ds = decideAll(s);

        Decision ud = the(Finding.UNMATCHED_DEBIT, ds);
        assertThat(ud.decidedAt()).isEqualTo(at(100_000));
        assertThat(ud.verdict()).isEqualTo(Verdict.REVERSED);
        assertThat(ud.action()).isEqualTo(Action.REFUND);
        assertThat(ud.evidence()).contains(reversal);
        assertThat(findings(ds)).containsExactly(Finding.UNMATCHED_DEBIT);
    }

    @Test
    void aTerminalReversalAtTheDeadlineIsPartOfTheVerdictAtTheDeadline() {
        Story s = startedAt0().debited(at(5_000)).success(at(10_000)).reversalSucceeded(D);

        Decision ud = the(Finding.UNMATCHED_DEBIT, decideAll(s));

        assertThat(ud.decidedAt()).isEqualTo(D);
        assertThat(ud.verdict()).isEqualTo(Verdict.REVERSED);
    }

    @Test
    void aFailedTerminalReversalAfterTheDeadlineChangesNothing() {
        Story s = startedAt0().debited(at(5_000)).success(at(10_000)).reversalFailed(at(100_000));

        assertThat(decideAll(s)).isEmpty();
    }

    // ---- ALERT_RESOLVED ----------------------------------------------------------------------

    @Nested
    class AlertResolved {

        @Test
        void resolvesAtTheFirstProviderEventThatMakesNetZero() {
            Story s =
                    startedAt0()
                            .debited(at(5_000))
                            .failed(at(10_000))
                            .refunded(at(ONE_HOUR), "dw-refund", 1000);
            Fact partial = s.last();
            s.refunded(at(2 * ONE_HOUR), "manual", 234);
            Fact rest = s.last();
            s.refunded(at(3 * ONE_HOUR), "manual", 234);

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds))
                    .containsExactly(
                            Finding.EARLY_WARNING, Finding.UNMATCHED_DEBIT, Finding.ALERT_RESOLVED);
            Decision resolved = the(Finding.ALERT_RESOLVED, ds);
            assertThat(resolved.decidedAt()).isEqualTo(at(2 * ONE_HOUR));
            assertThat(resolved.action()).isEqualTo(Action.NONE);
            assertThat(resolved.amountMinor()).isEqualTo(AMOUNT);
            assertThat(resolved.debitTxnId()).isEqualTo(TXN);
            assertThat(resolved.evidence()).contains(partial, rest);
        }

        @Test
        void resolvesWhenTheProviderReversesTheDebit() {
            Story s = startedAt0().debited(at(5_000)).failed(at(10_000)).reversed(at(200_000));

            Decision resolved = the(Finding.ALERT_RESOLVED, decideAll(s));

            assertThat(resolved.decidedAt()).isEqualTo(at(200_000));
        }

        @Test
        void isNotDecidedWhileMoneyIsStillOut() {
            Story s =
                    startedAt0()
                            .debited(at(5_000))
                            .failed(at(10_000))
                            .refunded(at(ONE_HOUR), "r-1", 1000)
                            .refunded(at(2 * ONE_HOUR), "r-1", 1000);

            assertThat(findings(decideAll(s))).doesNotContain(Finding.ALERT_RESOLVED);
        }

        @Test
        void aTerminalReversalDoesNotReturnMoney() {
            Story s =
                    startedAt0()
                            .debited(at(5_000))
                            .failed(at(10_000))
                            .reversalSucceeded(at(200_000));

            assertThat(findings(decideAll(s))).doesNotContain(Finding.ALERT_RESOLVED);
        }

        @Test
        void resolvesAReviewAlertToo() {
            Story s = Story.wechat().debited(at(0)).refunded(at(ONE_HOUR), "r-1", AMOUNT);

            List<Decision> ds = decideAll(s);

            assertThat(findings(ds))
                    .containsExactly(Finding.UNMATCHED_DEBIT, Finding.ALERT_RESOLVED);
            assertThat(ds.get(1).decidedAt()).isEqualTo(at(ONE_HOUR));
        }
    }

    // ---- the horizon -------------------------------------------------------------------------

    @Nested
    class Horizon {

        @Test
        void factsAfterTheHorizonAreIgnored() {
            Story s = startedAt0().success(at(10_000)).debited(H + 1);

            List<Decision> ds = decide(s, Long.MAX_VALUE);

            assertThat(findings(ds)).containsExactly(Finding.SALE_WITHOUT_DEBIT);
            assertThat(ds.get(0).decidedAt()).isEqualTo(H);
        }

        @Test
        void aFactExactlyAtTheHorizonStillCounts() {
            Story s = startedAt0().failed(at(10_000)).debited(H);

            List<Decision> ds = decide(s, Long.MAX_VALUE);

            assertThat(findings(ds)).containsExactly(Finding.UNMATCHED_DEBIT);
            assertThat(ds.get(0).decidedAt()).isEqualTo(H);
        }

        @Test
        void aSuccessfulSaleIsReviewedAtTheHorizonEvenIfTheDebitComesLater() {
            Story s = startedAt0().success(at(10_000)).debited(H + 60_000);

            assertThat(decide(s, H - 1)).isEmpty();
            assertThat(findings(decide(s, H))).containsExactly(Finding.SALE_WITHOUT_DEBIT);
        }

        @Test
        void nothingIsDecidedAfterTheAskedTime() {
            Story s = busyStory();
            List<Decision> all = decideAll(s);
            List<Long> times = new ArrayList<>();
            for (Fact f : s.facts()) {
                times.add(f.time() - 1);
                times.add(f.time());
            }
            times.add(D - 1);
            times.add(D);
            times.add(H - 1);
            times.add(H);

            for (long at : times) {
                List<Decision> ds = decide(s, at);
                assertThat(ds).allMatch(d -> d.decidedAt() <= at, "decided at or before " + at);
                // what is decided by `at` never changes later
                assertThat(ds).isEqualTo(all.stream().filter(d -> d.decidedAt() <= at).toList());
            }
        }
    }

    // ---- configuration and invariants -------------------------------------------------------

    @Test
    void settleWindowsArePerProvider() {
        Detector perProvider =
                new Detector(
                        DetectorConfig.builder()
                                .settleWindow(Provider.WECHAT, Duration.ofSeconds(45))
                                .build());
        Map<Provider, List<Decision>> byProvider = new EnumMap<>(Provider.class);
        for (Provider p : List.of(Provider.WECHAT, Provider.ALIPAY)) {
            Story s = Story.of(p).request(at(0)).failed(at(10_000)).debited(at(50_000));
            byProvider.put(p, perProvider.decide(p, s.facts(), Long.MAX_VALUE));
        }

        // WeChat: D = 45 s, so the debit at 50 s is a decision point after D, too late to warn
        assertThat(byProvider.get(Provider.WECHAT))
                .extracting(Decision::finding, Decision::decidedAt)
                .containsExactly(tuple(Finding.UNMATCHED_DEBIT, at(50_000)));
        // Alipay keeps the default 60 s: an early warning at 50 s, the refund at D
        assertThat(byProvider.get(Provider.ALIPAY))
                .extracting(Decision::finding, Decision::decidedAt)
                .containsExactly(
                        tuple(Finding.EARLY_WARNING, at(50_000)),
                        tuple(Finding.UNMATCHED_DEBIT, D));
    }

    @Test
    void theHorizonFollowsThePerProviderDeadline() {
        Detector perProvider =
                new Detector(
                        DetectorConfig.builder()
                                .settleWindow(Provider.ALIPAY, Duration.ofSeconds(90))
                                .callbackHorizon(Duration.ofHours(2))
                                .build());
        Story s = Story.alipay().request(at(0)).success(at(10_000));

        List<Decision> ds = perProvider.decide(s.provider(), s.facts(), Long.MAX_VALUE);

        assertThat(the(Finding.SALE_WITHOUT_DEBIT, ds).decidedAt())
                .isEqualTo(at(90_000 + 2 * ONE_HOUR));
    }

    @Test
    void eachTypeIsDecidedAtMostOnce() {
        // every trigger repeated: debits, late successes, closing events, refunds
        Story s =
                startedAt0()
                        .debited(at(5_000))
                        .failed(at(10_000))
                        .debited(at(5_000))
                        .success(at(100_000))
                        .success(at(200_000))
                        .refunded(at(ONE_HOUR), "r-1", AMOUNT)
                        .refunded(at(2 * ONE_HOUR), "r-2", AMOUNT)
                        .reversed(at(3 * ONE_HOUR))
                        .debited(at(4 * ONE_HOUR))
                        .reversalSucceeded(at(5 * ONE_HOUR));

        List<Decision> ds = decideAll(s);

        assertThat(findings(ds)).doesNotHaveDuplicates();
        assertThat(findings(ds))
                .containsExactly(
                        Finding.EARLY_WARNING,
                        Finding.UNMATCHED_DEBIT,
                        Finding.CONFLICT,
                        Finding.ALERT_RESOLVED);
    }

    @Test
    void saleWithoutDebitIsDecidedOnceForSeveralClosingEvents() {
        Story s =
                startedAt0()
                        .success(at(10_000))
                        .notPaid(at(100_000))
                        .closed(at(200_000))
                        .reversed(at(300_000));

        List<Decision> ds = decideAll(s);

        assertThat(findings(ds)).containsExactly(Finding.SALE_WITHOUT_DEBIT);
        assertThat(ds.get(0).decidedAt()).isEqualTo(at(100_000));
    }

    // ---- Fact conversion ---------------------------------------------------------------------

    @Test
    void terminalEventsBecomeFactsOfTheirResult() {
        Story s =
                startedAt0()
                        .success(at(1))
                        .failed(at(2))
                        .timeout(at(3))
                        .userPaying(at(4))
                        .queryResult(at(5), TerminalResult.UNKNOWN)
                        .reversalSucceeded(at(6))
                        .reversalFailed(at(7));

        assertThat(s.facts())
                .extracting(Fact::kind)
                .containsExactly(
                        Fact.Kind.T_PAY_REQUEST,
                        Fact.Kind.T_SUCCESS,
                        Fact.Kind.T_FAILED,
                        Fact.Kind.T_TIMEOUT,
                        Fact.Kind.T_USERPAYING,
                        Fact.Kind.T_UNKNOWN,
                        Fact.Kind.T_REVERSAL_SUCCESS,
                        Fact.Kind.T_REVERSAL_FAILED);
        Fact request = s.facts().get(0);
        assertThat(request.time()).isEqualTo(at(0));
        assertThat(request.origin()).isEqualTo(Fact.Origin.PAY_REQUEST);
        assertThat(request.amountMinor()).isEqualTo(AMOUNT);
        assertThat(request.currency()).isEqualTo(CNY);
        Fact reversal = s.facts().get(6);
        assertThat(reversal.hasAmount()).isFalse();
        assertThat(reversal.currency()).isNull();
        assertThat(s.facts().get(5).origin()).isEqualTo(Fact.Origin.QUERY_RESULT);
    }

    @Test
    void providerEventsBecomeFactsOfTheirStatus() {
        Story s =
                Story.wechat()
                        .debited(at(1))
                        .notPaid(at(2))
                        .closed(at(3))
                        .reversed(at(4))
                        .refunded(at(5), "r-9", 300);

        assertThat(s.facts())
                .extracting(Fact::kind)
                .containsExactly(
                        Fact.Kind.P_DEBITED,
                        Fact.Kind.P_NOT_PAID,
                        Fact.Kind.P_CLOSED,
                        Fact.Kind.P_REVERSED,
                        Fact.Kind.P_REFUNDED);
        Fact refund = s.last();
        assertThat(refund.txnId()).isEqualTo(TXN);
        assertThat(refund.refundNo()).isEqualTo("r-9");
        assertThat(refund.refundMinor()).isEqualTo(300);
        assertThat(refund.origin()).isEqualTo(Fact.Origin.NOTIFY);
        assertThat(s.facts().get(0).refundMinor()).isEqualTo(-1);
        assertThat(s.facts().get(0).refundNo()).isNull();
    }
}
