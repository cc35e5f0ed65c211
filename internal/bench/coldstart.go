package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"time"
)

// ColdStart is how long a new server process took to answer with the
// organization in the store, and its memory then.
type ColdStart struct {
	Seconds float64 `json:"seconds"`
	// RSSMiB is the process's resident memory once ready (VmRSS), and
	// PeakRSSMiB the most it held until then (VmHWM), from /proc.
	RSSMiB     float64 `json:"rss_mib"`
	PeakRSSMiB float64 `json:"peak_rss_mib"`
	// Command is what was run, for the report.
	Command string `json:"command"`
}

// listeningURL finds the address in serve's "chatgov listening" log line.
var listeningURL = regexp.MustCompile(`msg="chatgov listening".* url=(http://[^\s"]+)`)

// coldStart runs exe with args (a `serve` command line) and env, waits
// until its /healthz answers, reads its memory, and stops it. The clock
// starts just before the process is started, so the time includes the
// runtime's start, opening the store, loading the state, building the
// model and listening: everything a restart costs.
func coldStart(ctx context.Context, exe string, args, env []string, timeout time.Duration) (ColdStart, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.Command(exe, args...)
	cmd.Env = env
	cmd.Stdout = io.Discard
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return ColdStart{}, err
	}
	out := ColdStart{Command: strings.Join(append([]string{exe}, args...), " ")}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return out, err
	}
	exited := make(chan error, 1)
	var logMu sync.Mutex
	var logTail []string
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			logMu.Lock()
			logTail = append(logTail, line)
			if len(logTail) > 20 {
				logTail = logTail[1:]
			}
			logMu.Unlock()
			if m := listeningURL.FindStringSubmatch(line); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
		// The pipe closes when the process exits; Wait may only follow
		// the last read.
		exited <- cmd.Wait()
	}()
	stop := func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	}
	tail := func() string {
		logMu.Lock()
		defer logMu.Unlock()
		return strings.Join(logTail, "\n")
	}
	var url string
	select {
	case url = <-urls:
	case err := <-exited:
		return out, fmt.Errorf("%s exited before it was ready (%v):\n%s", exe, err, tail())
	case <-ctx.Done():
		stop()
		return out, fmt.Errorf("%s was not ready after %s:\n%s", exe, timeout, tail())
	}
	client := &http.Client{Transport: &http.Transport{}, Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()
	for {
		if err := healthy(ctx, client, url); err == nil {
			break
		} else if ctx.Err() != nil {
			stop()
			return out, fmt.Errorf("%s/healthz did not answer: %v", url, err)
		}
		time.Sleep(2 * time.Millisecond)
	}
	out.Seconds = time.Since(start).Seconds()
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	out.RSSMiB = float64(procField(status, "VmRSS")) / 1024
	out.PeakRSSMiB = float64(procField(status, "VmHWM")) / 1024
	stop()
	return out, nil
}

func healthy(ctx context.Context, c *http.Client, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}
