package org.polymorph.gpu.cuda.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What a {@link Device} is: its name, compute capability ("9.0" for an H100; "emulated" for the CPU
 * emulation), total memory in bytes, and its memory interface as the driver reports it: the peak
 * memory clock (kHz) and the bus width (bits); 0 for either where the device does not say (the
 * emulation).
 */
public record DeviceInfo(String name, String computeCapability, long memoryBytes, int memoryClockKHz, int memoryBusBits) {
    /** A device that does not report its memory interface. */
    public DeviceInfo(String name, String computeCapability, long memoryBytes) {
        this(name, computeCapability, memoryBytes, 0, 0);
    }

    /**
     * The theoretical peak memory bandwidth (bytes/s): clock × 2 (double data rate) × bus width / 8, as
     * NVIDIA's CUDA samples (bandwidthTest, deviceQuery) compute it; absent where clock or width is unknown.
     * An H100 SXM (HBM3, 2,619 MHz, 5,120 bits) gives 3.35 TB/s.
     */
    public OptionalDouble peakBandwidthBytesPerS() {
        if (memoryClockKHz <= 0 || memoryBusBits <= 0) return OptionalDouble.empty();
        return OptionalDouble.of(memoryClockKHz * 1e3 * 2 * memoryBusBits / 8.0);
    }

    /**
     * The description as a map (name, compute_capability, memory_gib; and memory_clock_mhz, memory_bus_bits and
     * peak_memory_bandwidth_gb_s where known), as status reports carry it.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("compute_capability", computeCapability);
        m.put("memory_gib", Math.round(memoryBytes / 1073741824.0 * 10) / 10.0);
        OptionalDouble peak = peakBandwidthBytesPerS();
        if (peak.isPresent()) {
            m.put("memory_clock_mhz", memoryClockKHz / 1000.0);
            m.put("memory_bus_bits", memoryBusBits);
            m.put("peak_memory_bandwidth_gb_s", Math.round(peak.getAsDouble() / 1e8) / 10.0);
        }
        return m;
    }
}
