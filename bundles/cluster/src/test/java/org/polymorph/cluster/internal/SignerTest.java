package org.polymorph.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.polymorph.core.distributed.WorkItem;

/** HMAC-SHA256 signatures of items and answers, and what a member does with a tampered item. */
class SignerTest {
    private final Signer signer = new Signer("key");

    @Test
    void isHmacSha256() {
        // HMAC-SHA256 with key "key" of "The quick brown fox jumps over the lazy dog": the widely published example value
        assertEquals("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8",
                new Signer("key").signRaw("The quick brown fox jumps over the lazy dog"));
    }

    @Test
    void signatureCoversJobAndText() {
        String s = signer.sign("job", "{\"a\":1}");
        assertEquals(64, s.length());
        assertTrue(signer.verify("job", "{\"a\":1}", s));
        assertFalse(signer.verify("job", "{\"a\":2}", s));
        assertFalse(signer.verify("job2", "{\"a\":1}", s));
        assertFalse(new Signer("other").verify("job", "{\"a\":1}", s));
        assertFalse(signer.verify("job", "{\"a\":1}", null));
    }

    @Test
    void clusterNameDependsOnTheSecretButDoesNotContainIt() {
        String a = new Signer("secret-one-secret-one-secret-one").clusterName("polymorph");
        String b = new Signer("secret-two-secret-two-secret-two").clusterName("polymorph");
        assertNotEquals(a, b);
        assertTrue(a.startsWith("polymorph-") && a.length() == "polymorph-".length() + 12, a);
        assertFalse(a.contains("secret"));
        assertEquals(a, new Signer("secret-one-secret-one-secret-one").clusterName("polymorph"));
    }

    @Test
    void aTamperedItemIsRejectedAndNotRun() {
        WorkRunner runner = new WorkRunner(signer, name -> Optional.of(new SquareKind()));
        String item = new WorkItem("i7", SquareKind.NAME, Map.of("a", 1.5), 3).toJson();
        String good = signer.sign("job", item);
        String tampered = item.replace("1.5", "2.5");
        Answer rejected = Answer.verified(runner.handle("job", tampered, good, "coordinator"), signer, "job");
        assertEquals(Answer.Status.REJECTED, rejected.status());
        assertEquals("i7", rejected.item());
        assertEquals(0, runner.done());
        Answer ok = Answer.verified(runner.handle("job", item, good, "coordinator"), signer, "job");
        assertEquals(Answer.Status.OK, ok.status());
        assertEquals(3.0 * 3.0 + 1.5, (Double) ok.result().get("square"), 0.0);
        assertEquals(1, runner.done());
    }

    @Test
    void anAlteredAnswerDoesNotVerify() {
        String text = new Answer("i1", Answer.Status.OK, Map.of("x", 1.0), "").signed(signer, "job");
        assertEquals("i1", Answer.verified(text, signer, "job").item());
        assertThrows(SecurityException.class, () -> Answer.verified(text.replace("1.0", "2.0"), signer, "job"));
        assertThrows(SecurityException.class, () -> Answer.verified(text, signer, "other-job"));
        assertThrows(SecurityException.class, () -> Answer.verified(text, new Signer("other"), "job"));
    }

    @Test
    void aMemberWithoutTheKindDeclines() {
        WorkRunner runner = new WorkRunner(signer, name -> Optional.empty());
        String item = new WorkItem("i1", SquareKind.NAME, Map.of("a", 1.0), 3).toJson();
        Answer a = Answer.verified(runner.handle("job", item, signer.sign("job", item), "c"), signer, "job");
        assertEquals(Answer.Status.DECLINED, a.status());
        assertTrue(a.message().contains("'test.square'"), a.message());
    }
}
