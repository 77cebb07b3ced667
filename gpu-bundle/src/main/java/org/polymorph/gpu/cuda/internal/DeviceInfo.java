package org.polymorph.gpu.cuda.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link Device} is: its name, compute capability ("9.0" for an H100; "emulated" for the CPU
 * emulation) and total memory in bytes.
 */
public record DeviceInfo(String name, String computeCapability, long memoryBytes) {
    /** The description as a map (name, compute_capability, memory_gib), as status reports carry it. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("compute_capability", computeCapability);
        m.put("memory_gib", Math.round(memoryBytes / 1073741824.0 * 10) / 10.0);
        return m;
    }
}
