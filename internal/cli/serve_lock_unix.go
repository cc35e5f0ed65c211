//go:build unix

package cli

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// errLocked: another process holds the lock file.
var errLocked = errors.New("locked")

// lockFile takes an exclusive flock(2) on the file at path, creating it,
// and writes this process's PID into it. The lock goes with the open file,
// so it ends when release closes it or the process dies, and a lock file
// left behind never blocks anyone. When another process holds it, the
// error is errLocked and holderPID what the file says.
func lockFile(path string) (release func() error, holderPID string, err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, "", err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		defer f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			b := make([]byte, 32)
			n, _ := f.ReadAt(b, 0)
			pid := strings.TrimSpace(string(b[:n]))
			if _, err := strconv.Atoi(pid); err != nil {
				pid = ""
			}
			return nil, pid, errLocked
		}
		return nil, "", err
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() error {
		// Emptied first: a PID left in the file would name a process that
		// no longer holds it.
		_ = f.Truncate(0)
		return f.Close()
	}, "", nil
}
