package org.polymorph.server.internal.runs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows one run's {@code run.log} (written by the log configuration's routing appender for the events the
 * run's thread logs): each {@link #poll()} returns the whole lines appended since the previous one. A line
 * still being written is kept until its newline arrives; a file that shrank (replaced) is read again from
 * its start. Not thread-safe: one thread polls.
 */
final class LogTail {
    /** The log file of a run, in its run directory. */
    static final String FILE = "run.log";
    /** At most this many bytes are read per poll, so one poll stays short; the rest comes with the next. */
    private static final int MAX_READ = 1 << 20;

    private final Path file;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long offset;

    private LogTail(Path file, long offset) {
        this.file = file;
        this.offset = offset;
    }

    /** Lines appended to {@code runDirectory}/run.log from now on (from its start when it does not exist yet). */
    static LogTail fromEnd(Path runDirectory) {
        Path file = runDirectory.resolve(FILE);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException absent) {
            size = 0;
        }
        return new LogTail(file, size);
    }

    /** The complete lines appended since the last poll (without their line ends); none when nothing new can be read. */
    List<String> poll() {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException absent) {
            return List.of();
        }
        if (size < offset) {
            offset = 0;
            partial.reset();
        }
        if (size == offset) return List.of();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size - offset, MAX_READ));
        try (SeekableByteChannel in = Files.newByteChannel(file)) {
            in.position(offset);
            while (buffer.hasRemaining() && in.read(buffer) > 0) {
                // fill the buffer
            }
        } catch (IOException unreadable) {
            return List.of();
        }
        offset += buffer.position();
        return lines(buffer.array(), buffer.position());
    }

    private List<String> lines(byte[] bytes, int length) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int k = 0; k < length; k++) {
            if (bytes[k] != '\n') continue;
            partial.write(bytes, start, k - start);
            String line = partial.toString(StandardCharsets.UTF_8);
            out.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            partial.reset();
            start = k + 1;
        }
        partial.write(bytes, start, length - start);
        return out;
    }
}
