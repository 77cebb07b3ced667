package org.polymorph.shell.internal.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.polymorph.core.distributed.ClusterView;

class ClusterViewsTest {
    @Test
    void membersAndItemsInFlight() {
        ClusterView v = new ClusterView(true, "lab", List.of(
                new ClusterView.Member("6f1c-aa", "127.0.0.1:5701", true, 2, 1, 40, List.of("example.work", "ff.fit.weighting")),
                new ClusterView.Member("9b2e-bb", "127.0.0.1:5702", false, 4, 0, 7, List.of())),
                List.of(new ClusterView.Item("job-1", "item-3", "example.work", "6f1c-aa", 1.25)));
        String text = ClusterViews.text(v, 120);
        assertTrue(text.startsWith("cluster lab: 2 members\n"), text);
        assertTrue(text.contains("* 6f1c-aa") && text.contains("127.0.0.1:5702") && text.contains("example.work, ff.fit.weighting"), text);
        assertTrue(text.contains("item-3") && text.contains("1.3") && text.endsWith("1 item in flight\n"), text);
    }

    @Test
    void uuidsAreShortenedSoThatAddressesStayWholeBesideManyKinds() {
        ClusterView v = new ClusterView(true, "lab", List.of(new ClusterView.Member("d7755d0f-07d9-44ae-8314-1e3032ac613d", "127.0.0.1:33665",
                true, 3, 0, 0, List.of("crystal.relax", "example.work", "ff.fit.weighting", "lopt.meta.member"))), List.of());
        String text = ClusterViews.text(v, 100);
        assertTrue(text.contains("* d7755d0f  127.0.0.1:33665") && !text.contains("07d9"), text);
        assertTrue(text.lines().allMatch(l -> l.length() <= 100), text);
    }

    @Test
    void theLocalThreadsWhenNotClustered() {
        ClusterView v = new ClusterView(false, "local", List.of(new ClusterView.Member("local", "", true, 2, 0, 0, List.of())), List.of());
        String text = ClusterViews.text(v, 100);
        assertTrue(text.startsWith("not clustered: work items run on local threads"), text);
        assertTrue(text.endsWith("no items in flight\n"), text);
    }
}
