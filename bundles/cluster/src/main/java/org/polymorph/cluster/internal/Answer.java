package org.polymorph.cluster.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.polymorph.core.runtime.Json;

/**
 * A member's answer to one work item, as it travels: one line of JSON {@code {item, status, result, message}}, a
 * newline, and the member's signature over the job id and that line.
 *
 * @param item the item's id
 * @param status what became of it
 * @param result the item's result (status OK), as read back from JSON; else null
 * @param message why it was not run or failed ("" for OK)
 */
public record Answer(String item, Status status, Map<String, Object> result, String message) {
    /** What became of an item on a member. */
    public enum Status {
        /** ran; the result is there */
        OK,
        /** the member has no service of the item's kind */
        DECLINED,
        /** the item's signature did not verify on the member */
        REJECTED,
        /** the item's kind refused its parameters (exit 2 on the coordinator) */
        BAD_INPUT,
        /** the item failed while it ran */
        FAILED
    }

    public Answer {
        if (status == Status.OK && result == null) throw new IllegalArgumentException("an OK answer needs a result");
        message = message == null ? "" : message;
    }

    /** The answer signed for {@code job}: the text a member returns. */
    public String signed(Signer signer, String job) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("item", item);
        m.put("status", status.name());
        m.put("result", result);
        m.put("message", message);
        String body = Json.write(m, false);
        return body + "\n" + signer.sign(job, body);
    }

    /**
     * Reads a signed answer of {@code job}.
     *
     * @throws SecurityException when the signature does not verify (the text was altered, or signed with another secret)
     */
    @SuppressWarnings("unchecked")
    public static Answer verified(String text, Signer signer, String job) {
        int cut = text == null ? -1 : text.lastIndexOf('\n');
        if (cut < 0 || !signer.verify(job, text.substring(0, cut), text.substring(cut + 1))) {
            throw new SecurityException("an answer to job " + job + " carries no valid signature");
        }
        Map<String, Object> m = (Map<String, Object>) Json.parse(text.substring(0, cut));
        return new Answer((String) m.get("item"), Status.valueOf((String) m.get("status")), (Map<String, Object>) m.get("result"),
                (String) m.get("message"));
    }
}
