package main

import (
	encsv "encoding/csv"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// exported is what one CSV export through the gateway took.
type exported struct {
	rows  int
	bytes int64
	took  time.Duration
	// peak is each measured process's peak resident memory during the
	// export, in MiB, and cpu the CPU seconds it spent, by name; "machine"
	// is the whole machine's.
	peak, cpu map[string]float64
}

// exportCSV fetches path (a CSV export) through the gateway as the admin,
// reading it as a spreadsheet would, and measures how long it took and
// the peak memory of the gateway and the reporting process meanwhile: the
// kernel's high-water mark of each is reset just before.
func (p *platform) exportCSV(b *testing.B, path string) exported {
	b.Helper()
	procs := map[string]int{"gateway": p.gateway.cmd.Process.Pid, Reporting: p.procs[Reporting].cmd.Process.Pid}
	for name, pid := range procs {
		if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
			b.Fatalf("reset the peak memory of %s: %v", name, err)
		}
	}
	ticks := map[string]int64{}
	for name, pid := range procs {
		ticks[name] = procTicks(pid)
	}
	machine0 := machineTicks()
	req, err := http.NewRequest("GET", p.rest.base+path, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+p.rest.token)
	// ASSURE_LOAD_PROFILE names a folder for a CPU profile of the
	// reporting process during the export's first 20 seconds.
	profiled := make(chan struct{})
	if dir := os.Getenv("ASSURE_LOAD_PROFILE"); dir != "" {
		go func() {
			defer close(profiled)
			resp, err := http.Get("http://" + p.procs[Reporting].http + "/debug/pprof/profile?seconds=20")
			if err != nil {
				b.Logf("profile: %v", err)
				return
			}
			defer func() { _ = resp.Body.Close() }()
			data, _ := io.ReadAll(resp.Body)
			name := strings.NewReplacer("/", "-", ".", "-").Replace(path[strings.LastIndex(path, "/")+1:])
			_ = os.WriteFile(dir+"/reporting-"+name+".pprof", data, 0o644)
		}()
	} else {
		close(profiled)
	}
	defer func() { <-profiled }()
	start := time.Now()
	resp, err := p.rest.http.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		b.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	counted := &countingReader{r: resp.Body}
	r := encsv.NewReader(counted)
	r.ReuseRecord = true
	e := exported{peak: map[string]float64{}, cpu: map[string]float64{}}
	for {
		_, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatalf("read %s: %v", path, err)
		}
		e.rows++
	}
	e.rows-- // the header
	e.took, e.bytes = time.Since(start), counted.n
	for name, pid := range procs {
		e.peak[name] = float64(statusKiB(b, pid, "VmHWM")) / 1024
		e.cpu[name] = float64(procTicks(pid)-ticks[name]) / 100
	}
	e.cpu["machine"] = float64(machineTicks()-machine0) / 100
	return e
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// statusKiB reads a field of /proc/{pid}/status given in kB.
func statusKiB(b *testing.B, pid int, field string) int64 {
	b.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				b.Fatalf("%s of %d: %q", field, pid, line)
			}
			return n
		}
	}
	b.Fatalf("no %s in the status of %d", field, pid)
	return 0
}
