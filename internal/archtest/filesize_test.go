package archtest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// maxLines is the most lines a non-test Go file may have: a file is read
// whole, and past about 600 lines it holds more than one thing.
const maxLines = 600

// lineCount counts lines as wc -l does, with a last line that lacks its
// newline counted too.
func lineCount(b []byte) int {
	n := bytes.Count(b, []byte("\n"))
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return n
}

// longFiles lists the non-test .go files under root longer than maxLines,
// with their line counts, skipping testdata and hidden directories (which
// the go command skips too).
func longFiles(root string) ([]string, error) {
	var long []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if n := lineCount(b); n > maxLines {
			rel, _ := filepath.Rel(root, path)
			long = append(long, fmt.Sprintf("%s: %d lines", rel, n))
		}
		return nil
	})
	return long, err
}

func TestNoFileIsLong(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..") // the module's root, from internal/archtest
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("the module's root is not %s: %v", root, err)
	}
	long, err := longFiles(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(long) > 0 {
		t.Errorf("non-test Go files longer than %d lines; split each where it holds two things:\n\t%s", maxLines, strings.Join(long, "\n\t"))
	}
}

func TestLongFilesFindsWhatIsLong(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name string, lines int, lastNewline bool) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		text := strings.Repeat("//\n", lines)
		if !lastNewline {
			text = strings.TrimSuffix(text, "\n")
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/at_limit.go", maxLines, true)
	write("a/long.go", maxLines+1, true)
	write("a/long_unterminated.go", maxLines+1, false)
	write("a/long_test.go", 2*maxLines, true)
	write("a/testdata/long.go", 2*maxLines, true)
	write(".hidden/long.go", 2*maxLines, true)
	write("b/long.txt", 2*maxLines, true)
	got, err := longFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		filepath.Join("a", "long.go") + ": 601 lines",
		filepath.Join("a", "long_unterminated.go") + ": 601 lines",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("longFiles = %q, want %q", got, want)
	}
}
