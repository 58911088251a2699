package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tigris-uav/tigris/planner"
)

// TestBenchWritesReport runs a tiny benchmark and checks every output: one
// CSV row per run, a report table row per planner and mission, PNG plots
// and OMPL logs that parse the way ompl_benchmark_statistics.py reads them.
func TestBenchWritesReport(t *testing.T) {
	out := t.TempDir()
	mission := writeMission(t, goodMission)
	code, stdout, stderr := runCLI(t, "bench", "-missions", mission+",random:1", "-seeds", "2", "-iters", "2",
		"-max-flight", "40", "-anytime", "2", "-out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "24 runs") {
		t.Fatalf("stdout %q: want 2 missions × 6 planners × 2 seeds = 24 runs", stdout)
	}
	f, err := os.Open(filepath.Join(out, "results.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 25 || rows[0][0] != "mission" {
		t.Fatalf("results.csv: %d rows, want a header and 24 runs", len(rows))
	}
	for _, r := range rows[1:] {
		if v, err := strconv.ParseFloat(r[3], 64); err != nil || math.IsNaN(v) {
			t.Fatalf("row %v: information gained %q", r, r[3])
		}
	}
	report, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{"## tiny", "## random-01", "## All missions"} {
		if !bytes.Contains(report, []byte(m+"\n")) {
			t.Fatalf("report.md has no section %q:\n%s", m, report)
		}
	}
	for _, k := range planner.Kinds() {
		if got := bytes.Count(report, []byte("\n| "+k+" ")); got != 3 {
			t.Fatalf("report.md: %d table rows for %s, want 3 (two missions and the total)", got, k)
		}
	}
	for _, p := range []string{"entropy-tiny.png", "targets-tiny.png", "anytime-tiny.png", "entropy-random-01.png", "anytime-random-01.png"} {
		b, err := os.ReadFile(filepath.Join(out, p))
		if err != nil || !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) {
			t.Fatalf("%s: not a PNG (%v)", p, err)
		}
		if !bytes.Contains(report, []byte("("+p+")")) {
			t.Fatalf("report.md does not link %s", p)
		}
	}
	for _, m := range []string{"tiny", "random-01"} {
		runs := readOMPLLog(t, filepath.Join(out, "ompl", m+".log"))
		for _, k := range planner.Kinds() {
			if runs[k] != 2 {
				t.Fatalf("%s.log: %d runs of %s, want 2", m, runs[k], k)
			}
		}
	}
}

// readOMPLLog parses an OMPL benchmark log line by line as
// ompl_benchmark_statistics.py does and returns the runs per planner.
func readOMPLLog(t *testing.T, path string) map[string]int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	line := func() string {
		if !sc.Scan() {
			t.Fatalf("%s: ends early", path)
		}
		return sc.Text()
	}
	expect := func(suffix string) int {
		l := line()
		if !strings.HasSuffix(l, suffix) {
			t.Fatalf("%s: line %q, want one ending %q", path, l, suffix)
		}
		n, err := strconv.Atoi(strings.Fields(l)[0])
		if err != nil {
			return 0
		}
		return n
	}
	if f := strings.Fields(line()); len(f) < 3 || f[1] != "version" {
		t.Fatalf("%s: no version line", path)
	}
	for _, prefix := range []string{"Experiment ", "Running on ", "Starting at "} {
		if l := line(); !strings.HasPrefix(l, prefix) {
			t.Fatalf("%s: line %q, want %q", path, l, prefix)
		}
	}
	for range 2 { // the setup and the CPU, each <<<| … |>>>
		if line() != "<<<|" {
			t.Fatalf("%s: no <<<|", path)
		}
		for line() != "|>>>" {
		}
	}
	expect("is the random seed")
	expect("seconds per run")
	expect("MB per run")
	expect("runs per planner")
	expect("seconds spent to collect the data")
	expect("enum types")
	planners := expect("planners")
	runs := map[string]int{}
	for range planners {
		name := line()
		for range expect("common properties") {
			line()
		}
		nProps := expect("properties for each run")
		for range nProps {
			if f := strings.Fields(line()); len(f) != 2 {
				t.Fatalf("%s: bad property line", path)
			}
		}
		nRuns := expect("runs")
		for range nRuns {
			l := line()
			if !strings.HasSuffix(l, "; ") || len(strings.Split(l, "; "))-1 != nProps {
				t.Fatalf("%s: run line %q does not hold %d values", path, l, nProps)
			}
		}
		runs[name] = nRuns
		nProg := expect("progress properties for each run")
		for range nProg {
			line()
		}
		for range expect("runs") {
			for _, sample := range strings.Split(line(), ";") {
				if sample != "" && len(strings.Split(sample, ","))-1 != nProg {
					t.Fatalf("%s: progress sample %q does not hold %d values", path, sample, nProg)
				}
			}
		}
		if line() != "." {
			t.Fatalf("%s: planner %s does not end with a dot", path, name)
		}
	}
	return runs
}

func TestBenchBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-planners", "rrt"},
		{"-seeds", "0"},
		{"-missions", "random:x"},
		{"-missions", "random:0"},
		{"-missions", "no-such-mission"},
		{"-missions", ""},
		{"-jobs", "0"},
		{"-iters", "-1"},
	} {
		code, _, stderr := runCLI(t, append([]string{"bench", "-out", t.TempDir()}, args...)...)
		if code != 2 || !strings.Contains(stderr, "tigris bench:") {
			t.Fatalf("%v: exit %d (%s), want 2", args, code, stderr)
		}
	}
}

// TestRandomMission pins the generator to model §7.2: the 5 km square, the
// start 200 m inside it at the flight height, 50 m/s, a 15 km budget and
// blob priors of at most 0.5; and a number gives the same mission
// every time.
func TestRandomMission(t *testing.T) {
	for n := uint64(1); n <= 5; n++ {
		m, err := randomMission(n)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := randomMission(n)
		if m.Vehicle.Start.X != again.Vehicle.Start.X || len(m.Priors) != len(again.Priors) {
			t.Fatalf("mission %d differs between two calls", n)
		}
		s := m.Vehicle.Start
		if s.X < 200 || s.X > 4800 || s.Y < 200 || s.Y > 4800 || *s.Z != 50 || m.Vehicle.Speed != 50 || m.Budget.Distance != 15000 {
			t.Fatalf("mission %d: start %+v, speed %v, budget %+v", n, s, m.Vehicle.Speed, m.Budget)
		}
		if len(m.Priors) == 0 {
			t.Fatalf("mission %d has no prior", n)
		}
		for _, p := range m.Priors {
			// A ring's corners lie farther out than its radius, so they may
			// fall below the 0.05 that ends the rings.
			if v := *p.Probability; !(v > 0 && v <= 0.5) {
				t.Fatalf("mission %d: prior probability %v outside (0, 0.5]", n, v)
			}
		}
		w, err := m.build()
		if err != nil {
			t.Fatal(err)
		}
		if w.Grid.Rows != 166 || w.Grid.Cols != 166 {
			t.Fatalf("grid %d×%d, want 166×166 (5 km in 30 m cells)", w.Grid.Rows, w.Grid.Cols)
		}
	}
	a, _ := randomMission(1)
	b, _ := randomMission(2)
	if a.Vehicle.Start.X == b.Vehicle.Start.X {
		t.Fatal("missions 1 and 2 start at the same place")
	}
}

// TestWelch checks the test against values computed by hand (R's
// t.test(var.equal = FALSE) gives the same): two samples whose means differ
// by two pooled standard errors.
func TestWelch(t *testing.T) {
	for _, tc := range []struct {
		a, b []float64
		p    float64
	}{
		{[]float64{1, 2, 3, 4, 5}, []float64{1, 2, 3, 4, 5}, 1},
		// t = -2.0, df = 8: p = 0.08052.
		{[]float64{1, 2, 3, 4, 5}, []float64{3, 4, 5, 6, 7}, 0.0805},
		// Equal constant samples, different means: certainly different.
		{[]float64{1, 1, 1}, []float64{2, 2, 2}, 0},
	} {
		if got := welch(summarise(tc.a), summarise(tc.b)); math.Abs(got-tc.p) > 5e-4 {
			t.Errorf("welch(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.p)
		}
	}
	s := summarise([]float64{1, 2, 3, 4, 5})
	// sd = 1.5811, t(0.975, 4) = 2.7764: half-width 1.9632.
	if math.Abs(s.mean-3) > 1e-12 || math.Abs(s.ci-1.9632) > 1e-3 {
		t.Errorf("mean %v, CI half-width %v; want 3 and 1.9632", s.mean, s.ci)
	}
}
