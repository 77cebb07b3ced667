package org.polymorph.gpu.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The peak memory bandwidth from the driver's memory clock and bus width: an H100 SXM's 3.35 TB/s; absent where unknown. */
class DeviceInfoBandwidthTest {
    @Test
    void h100SxmHbm3GivesItsDatasheetBandwidth() {
        DeviceInfo h100 = new DeviceInfo("NVIDIA H100 80GB HBM3", "9.0", 85L << 30, 2_619_000, 5120);
        assertEquals(2_619_000e3 * 2 * 5120 / 8, h100.peakBandwidthBytesPerS().getAsDouble(), 1.0);
        assertEquals(3.35e12, h100.peakBandwidthBytesPerS().getAsDouble(), 0.01e12, "NVIDIA's datasheet: 3.35 TB/s");
        Map<String, Object> m = h100.toMap();
        assertEquals(3352.3, (Double) m.get("peak_memory_bandwidth_gb_s"), 1e-9);
        assertEquals(5120, m.get("memory_bus_bits"));
        assertEquals(2619.0, (Double) m.get("memory_clock_mhz"), 1e-12);
    }

    @Test
    void aDeviceWithoutItsMemoryInterfaceHasNoPeak() {
        DeviceInfo emulated = new DeviceInfo("emulated", "emulated", 1L << 30);
        assertTrue(emulated.peakBandwidthBytesPerS().isEmpty());
        assertFalse(emulated.toMap().containsKey("peak_memory_bandwidth_gb_s"));
        assertTrue(new DeviceInfo("half known", "9.0", 1L << 30, 2_619_000, 0).peakBandwidthBytesPerS().isEmpty());
    }
}
