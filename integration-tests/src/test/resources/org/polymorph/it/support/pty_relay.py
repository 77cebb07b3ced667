# Runs a command on a pseudo-terminal of a given size and relays bytes both ways: this process's
# stdin to the terminal (as typed keys), the terminal's output to this process's stdout.
# Usage: pty_relay.py COLUMNS ROWS COMMAND [ARG...]; exits with the command's exit status.
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios

columns, rows = int(sys.argv[1]), int(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    # A terminal session starts with the default dispositions of the keyboard signals, even when this relay was started
    # with them ignored (a background job of a non-interactive shell, nohup): Ctrl-C must reach the command.
    for sig in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    os.execvp(sys.argv[3], sys.argv[3:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
stdin, stdout = sys.stdin.fileno(), sys.stdout.fileno()
reading = True
while True:
    ready, _, _ = select.select([fd] + ([stdin] if reading else []), [], [], 0.2)
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:  # the command closed the terminal
            break
        if not data:
            break
        os.write(stdout, data)
    if reading and stdin in ready:
        data = os.read(stdin, 65536)
        if data:
            os.write(fd, data)
        else:
            reading = False
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
