package archtest

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// releaseTargets are the platforms scripts/release.sh builds for, without
// cgo; "" is the host's default build (go run, go build, with cgo when a
// C compiler is there), which may link other modules.
var releaseTargets = []struct{ goos, goarch, cgo string }{
	{"", "", ""},
	{"linux", "amd64", "0"},
	{"linux", "arm64", "0"},
	{"darwin", "amd64", "0"},
	{"darwin", "arm64", "0"},
}

// linkedModules lists the modules other than chatgov that the chatgov
// binary links on any release target, each with the targets that link it.
func linkedModules(t *testing.T) map[string][]string {
	t.Helper()
	var (
		mu   sync.Mutex
		wg   sync.WaitGroup
		mods = map[string][]string{}
	)
	for _, target := range releaseTargets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}}{{end}}{{end}}", module+"cmd/chatgov")
			cmd.Env = os.Environ()
			name := "host"
			if target.goos != "" {
				cmd.Env = append(cmd.Env, "GOOS="+target.goos, "GOARCH="+target.goarch, "CGO_ENABLED="+target.cgo)
				name = target.goos + "/" + target.goarch
			}
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("go list for %s: %v\n%s", name, err, out)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for _, m := range strings.Fields(string(out)) {
				if l := mods[m]; len(l) == 0 || l[len(l)-1] != name {
					mods[m] = append(mods[m], name)
				}
			}
		}()
	}
	wg.Wait()
	return mods
}

// noticeModules reads the module paths NOTICE lists: the first field of
// each line of its table, after the "Module" header up to the blank line
// that ends it.
func noticeModules(t *testing.T) map[string]bool {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "NOTICE"))
	if err != nil {
		t.Fatalf("the repository has no NOTICE: %v", err)
	}
	defer f.Close()
	listed := map[string]bool{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "Module "):
			in = true
		case in && strings.TrimSpace(line) == "":
			in = false
		case in:
			listed[strings.Fields(line)[0]] = true
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(listed) == 0 {
		t.Fatal("NOTICE has no module table (a line starting with \"Module \", then one module a line)")
	}
	return listed
}

// TestNoticeNamesEveryLinkedModule keeps NOTICE true: a new dependency
// that ends up in the binary must be listed there with its licence, and a
// module the binary no longer links must leave it.
func TestNoticeNamesEveryLinkedModule(t *testing.T) {
	t.Parallel()
	if _, err := os.Stat(filepath.Join("..", "..", "LICENSE")); err != nil {
		t.Errorf("the repository has no LICENSE: %v", err)
	}
	listed := noticeModules(t)
	linked := linkedModules(t)
	var missing, stale []string
	for m, targets := range linked {
		if !listed[m] {
			missing = append(missing, m+" (linked on "+strings.Join(targets, ", ")+")")
		}
	}
	for m := range listed {
		if _, ok := linked[m]; !ok {
			stale = append(stale, m)
		}
	}
	sort.Strings(missing)
	sort.Strings(stale)
	for _, m := range missing {
		t.Errorf("NOTICE does not name %s, which the chatgov binary links: add it with its licence and copyright", m)
	}
	for _, m := range stale {
		t.Errorf("NOTICE names %s, which no chatgov binary links any more: remove it", m)
	}
}
