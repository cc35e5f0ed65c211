package bench

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Machine describes where a run took place. Figures from different
// machines, or from one machine under other load, do not compare.
type Machine struct {
	CPU        string  `json:"cpu"`
	Cores      int     `json:"cores"`
	GOMAXPROCS int     `json:"gomaxprocs"`
	MemoryGiB  float64 `json:"memory_gib,omitempty"`
	Go         string  `json:"go"`
	OS         string  `json:"os"`
	Kernel     string  `json:"kernel,omitempty"`
	// LoadAverage is /proc/loadavg's 1, 5 and 15 minute averages when the
	// run started: on a shared machine, the first thing to look at when two
	// runs disagree.
	LoadAverage string `json:"load_average,omitempty"`
}

// machine reads the machine's description; what the system does not say
// (outside Linux) is left empty.
func machine() Machine {
	m := Machine{CPU: cpuModel(), Cores: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0),
		Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.LoadAverage = strings.Join(f[:3], " ")
		}
	}
	if kb := procField("/proc/meminfo", "MemTotal"); kb > 0 {
		m.MemoryGiB = float64(kb) / (1 << 20)
	}
	return m
}

// String is the machine line every report starts with.
func (m Machine) String() string {
	s := fmt.Sprintf("%s, %d cores, GOMAXPROCS %d", m.CPU, m.Cores, m.GOMAXPROCS)
	if m.MemoryGiB > 0 {
		s += fmt.Sprintf(", %.0f GiB", m.MemoryGiB)
	}
	s += ", " + m.Go + " " + m.OS
	if m.Kernel != "" {
		s += " (" + m.Kernel + ")"
	}
	if m.LoadAverage != "" {
		s += ", load " + m.LoadAverage
	}
	return s
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// x86 says "model name"; some ARM kernels say only "Hardware" or "CPU part".
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && (strings.TrimSpace(k) == "model name" || strings.TrimSpace(k) == "Hardware") {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// procField returns a "Name:   123 kB" field of a /proc file, in kB, or 0.
func procField(path, name string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || k != name {
			continue
		}
		fields := strings.Fields(v)
		if len(fields) == 0 {
			return 0
		}
		n, _ := strconv.ParseInt(fields[0], 10, 64)
		return n
	}
	return 0
}
