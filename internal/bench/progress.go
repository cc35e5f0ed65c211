package bench

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progressBar draws a bar on a terminal, redrawing one line, and falls back
// to a line per tenth of the work elsewhere (CI logs), where carriage
// returns would pile up into one unreadable line.
type progressBar struct {
	mu       sync.Mutex
	w        io.Writer
	tty      bool
	label    string
	start    time.Time
	drawn    time.Time
	lastStep int
	finished bool
}

func newProgressBar(w io.Writer, label string) *progressBar {
	return &progressBar{w: w, tty: isTerminal(w), label: label, start: time.Now(), lastStep: -1}
}

// isTerminal reports whether w is a character device, such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

const barWidth = 30

// update shows done of total.
func (p *progressBar) update(done, total int) {
	if p == nil || total <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	frac := min(float64(done)/float64(total), 1)
	elapsed := time.Since(p.start).Round(100 * time.Millisecond)
	if p.tty {
		if done < total && time.Since(p.drawn) < 100*time.Millisecond {
			return
		}
		p.drawn = time.Now()
		n := int(frac * barWidth)
		fmt.Fprintf(p.w, "\r%s [%s%s] %3.0f%% %s/%s %s ", p.label, strings.Repeat("#", n), strings.Repeat(".", barWidth-n),
			frac*100, thousands(done), thousands(total), elapsed)
		return
	}
	if step := int(frac * 10); step > p.lastStep {
		p.lastStep = step
		fmt.Fprintf(p.w, "%s: %3.0f%% %s/%s %s\n", p.label, frac*100, thousands(done), thousands(total), elapsed)
	}
}

// finish ends the bar's line.
func (p *progressBar) finish() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.finished && p.tty {
		fmt.Fprintln(p.w)
	}
	p.finished = true
}

// thousands formats n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
