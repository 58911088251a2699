package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/planner"
	"github.com/tigris-uav/tigris/sim"
)

// benchOptions is a parsed `tigris bench` command line.
type benchOptions struct {
	missions  []string // mission refs; "random:N" expands to N generated missions
	planners  []string
	seeds     int
	planTime  time.Duration // 0: each mission's planner.plan_time
	iters     int           // fixed iterations per replan; 0: the sim's calibration
	realtime  bool
	maxFlight float64 // seconds of flight per run; 0: the mission's budget
	anytime   int     // largest iteration count of the open-loop anytime curve; 0: none
	jobs      int
	out       string
}

// quickBench is the -quick preset: small, few iterations, for CI.
var quickBench = benchOptions{
	missions: []string{"coastal-search", "field-multirotor", "random:1"}, seeds: 3, iters: 3, maxFlight: 120, anytime: 16,
}

func runBench(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", stderr)
	missions := fs.String("missions", "coastal-search,field-multirotor,field-geo,random:10", "comma-separated missions (files or scenario names); random:N adds N generated missions (model §7.2)")
	planners := fs.String("planners", strings.Join(planner.Kinds(), ","), "comma-separated planner kinds")
	seeds := fs.Int("seeds", 10, "seeds per planner and mission (seed s sets the targets, the detections and the planner's random stream)")
	planTime := fs.Duration("plan-time", 0, "planning time per replan on the mission clock (default: each mission's planner.plan_time)")
	iters := fs.Int("iters", 0, "fixed iterations per replan (default: sim.iterations_per_second × plan time)")
	realtime := fs.Bool("realtime", false, "plan against the wall clock (fair in compute, not reproducible)")
	maxFlight := fs.Float64("max-flight", 0, "end every run after this many seconds of flight (default: the mission's budget)")
	anytime := fs.Int("anytime", 256, "open-loop anytime curve up to this many iterations (0: none)")
	jobs := fs.Int("jobs", runtime.GOMAXPROCS(0), "simulations run in parallel")
	out := fs.String("out", "bench-out", "directory for results.csv, report.md, the plots and the OMPL logs")
	quick := fs.Bool("quick", false, "a small preset that finishes in under two minutes (CI): "+describeQuick())
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	o := benchOptions{
		missions: splitList(*missions), planners: splitList(*planners), seeds: *seeds, planTime: *planTime,
		iters: *iters, realtime: *realtime, maxFlight: *maxFlight, anytime: *anytime, jobs: *jobs, out: *out,
	}
	if *quick {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		o.applyQuick(set)
	}
	if err := o.validate(); err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return bench(ctx, o, stdout, stderr)
}

func describeQuick() string {
	q := quickBench
	return fmt.Sprintf("-missions %s -seeds %d -iters %d -max-flight %g -anytime %d",
		strings.Join(q.missions, ","), q.seeds, q.iters, q.maxFlight, q.anytime)
}

// applyQuick overrides the options the command line did not set.
func (o *benchOptions) applyQuick(set map[string]bool) {
	q := quickBench
	if !set["missions"] {
		o.missions = q.missions
	}
	if !set["seeds"] {
		o.seeds = q.seeds
	}
	if !set["iters"] {
		o.iters = q.iters
	}
	if !set["max-flight"] {
		o.maxFlight = q.maxFlight
	}
	if !set["anytime"] {
		o.anytime = q.anytime
	}
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (o *benchOptions) validate() error {
	switch {
	case len(o.missions) == 0:
		return inputErrorf("-missions: no mission given")
	case len(o.planners) == 0:
		return inputErrorf("-planners: no planner given")
	case o.seeds < 1:
		return inputErrorf("-seeds: must be >= 1, got %d", o.seeds)
	case o.planTime < 0 || o.iters < 0 || o.anytime < 0 || !(o.maxFlight >= 0):
		return inputErrorf("-plan-time, -iters, -anytime and -max-flight must not be negative")
	case o.jobs < 1:
		return inputErrorf("-jobs: must be >= 1, got %d", o.jobs)
	case o.out == "":
		return inputErrorf("-out: no directory given")
	}
	for _, p := range o.planners {
		if !slices.Contains(planner.Kinds(), p) {
			return inputErrorf("-planners: unknown planner %q (have: %s)", p, strings.Join(planner.Kinds(), ", "))
		}
	}
	return nil
}

// benchMission is one mission of a benchmark, built once and shared by all
// its runs (everything in a World is read-only to sim.Run and the planners).
type benchMission struct {
	name string
	m    *Mission
	w    *World
}

// loadBenchMissions resolves the -missions list.
func loadBenchMissions(refs []string) ([]benchMission, error) {
	var out []benchMission
	for _, ref := range refs {
		var ms []*Mission
		if n, ok := strings.CutPrefix(ref, "random:"); ok {
			count, err := strconv.Atoi(n)
			if err != nil || count < 1 {
				return nil, inputErrorf("-missions: %q: want random:N with N >= 1", ref)
			}
			for i := range count {
				m, err := randomMission(uint64(i + 1))
				if err != nil {
					return nil, err
				}
				ms = append(ms, m)
			}
		} else {
			m, err := loadMission(ref)
			if err != nil {
				return nil, err
			}
			ms = append(ms, m)
		}
		for _, m := range ms {
			w, err := m.build()
			if err != nil {
				return nil, err
			}
			name := m.Name
			if name == "" {
				name = strings.TrimSuffix(filepath.Base(ref), filepath.Ext(ref))
			}
			for _, b := range out {
				if b.name == name {
					return nil, inputErrorf("-missions: mission %q given twice", name)
				}
			}
			out = append(out, benchMission{name: name, m: m, w: w})
		}
	}
	return out, nil
}

// Random missions (model §7.2): a 5 km square, a 50 m/s fixed-wing at 50 m
// starting anywhere 200 m inside the square, a 15 km budget, and 4–20
// Gaussian blobs of prior probability, each cell of a blob a point prior
// (overlapping blobs keep the larger value).
const (
	randomSize       = 5000.0
	randomResolution = 30.0
	randomStream     = 0x72616e646d697373
)

// randomMission generates random mission number n; the same n always gives
// the same mission.
func randomMission(n uint64) (*Mission, error) {
	rng := rand.New(rand.NewPCG(n, randomStream))
	uniform := func(lo, hi float64) float64 { return lo + (hi-lo)*rng.Float64() }
	z := 50.0
	m := &Mission{
		Name:   fmt.Sprintf("random-%02d", n),
		source: fmt.Sprintf("random mission %d", n),
		Vehicle: motion.Config{
			Kind: motion.KindFixedWing, Speed: 50, Altitude: z,
			Start: motion.StartPose{X: uniform(200, 4800), Y: uniform(200, 4800), Z: &z, HeadingDeg: uniform(-180, 180)},
		},
		Budget: planner.Budget{Distance: 15000},
		Map: belief.MapConfig{
			Resolution: randomResolution,
			Bounds:     geom.Area{{X: 0, Y: 0}, {X: randomSize, Y: 0}, {X: randomSize, Y: randomSize}, {X: 0, Y: randomSize}},
		},
		Planner: planner.DefaultConfig(),
	}
	// Blobs in cell units: centre on a multiple of the resolution, sigma in
	// cells, rings emitted while the value exceeds 0.05 (model §7.2).
	cells := map[[2]int]float64{}
	for range 4 + rng.IntN(17) {
		ci := int(math.Ceil(math.Floor(uniform(0, randomSize)) / randomResolution))
		cj := int(math.Ceil(math.Floor(uniform(0, randomSize)) / randomResolution))
		sigma, peak := uniform(2, 15), uniform(0.05, 0.5)
		for s := 0; peak*math.Exp(-float64(s*s)/(2*sigma*sigma)) > 0.05; s++ {
			for a := -s; a <= s; a++ {
				for b := -s; b <= s; b++ {
					if max(abs(a), abs(b)) != s {
						continue
					}
					i, j := ci+a, cj+b
					// Only cells of the grid (which drops the partial last row and column).
					if i < 0 || j < 0 || float64(i+1)*randomResolution > randomSize || float64(j+1)*randomResolution > randomSize {
						continue
					}
					v := peak * math.Exp(-float64(a*a+b*b)/(2*sigma*sigma))
					cells[[2]int{i, j}] = math.Max(cells[[2]int{i, j}], v)
				}
			}
		}
	}
	keys := make([][2]int, 0, len(cells))
	for k := range cells {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	for _, k := range keys {
		// The centre of the cell whose corner is the blob's grid point.
		p := geom.Point{X: float64(k[0])*randomResolution + randomResolution/2, Y: float64(k[1])*randomResolution + randomResolution/2}
		v := cells[k]
		m.Priors = append(m.Priors, belief.Prior{Point: &p, Probability: &v})
	}
	if err := m.validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", m.source, err)
	}
	return m, nil
}

func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}

// benchRun is one simulation's outcome.
type benchRun struct {
	mission, planner string
	seed             uint64
	summary          sim.Summary
	series           []sim.Sample
	wall             time.Duration
}

func (r benchRun) infoGained() float64 { return r.summary.EntropyStart - r.summary.EntropyEnd }

type benchJob struct {
	mission int
	kind    string
	seed    uint64
}

// bench runs every planner × mission × seed and writes the report.
func bench(ctx context.Context, o benchOptions, stdout, stderr io.Writer) error {
	missions, err := loadBenchMissions(o.missions)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(o.out, "ompl"), 0o755); err != nil {
		return &InputError{Err: err}
	}
	// Seeds outermost: all planners of a seed see the same world and targets.
	var jobs []benchJob
	for mi := range missions {
		for s := range o.seeds {
			for _, k := range o.planners {
				jobs = append(jobs, benchJob{mi, k, uint64(s + 1)})
			}
		}
	}
	fmt.Fprintf(stderr, "bench: %d missions × %d planners × %d seeds = %d runs on %d workers\n",
		len(missions), len(o.planners), o.seeds, len(jobs), o.jobs)
	began := time.Now()
	bar := newBenchProgress(stderr, len(jobs))
	runs := make([]benchRun, len(jobs))
	errs := make([]error, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range min(o.jobs, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				runs[i], errs[i] = runBenchJob(ctx, o, missions[jobs[i].mission], jobs[i])
				if bar != nil {
					_ = bar.Add(1)
					continue
				}
				// Off a terminal, a line per tenth of the runs: enough to
				// follow a long benchmark without flooding a CI log.
				mu.Lock()
				done++
				if done*10/len(jobs) != (done-1)*10/len(jobs) {
					fmt.Fprintf(stderr, "bench: %d of %d runs done after %.0f s\n", done, len(jobs), time.Since(began).Seconds())
				}
				mu.Unlock()
			}
		}()
	}
	for i := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(stderr)
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	total := time.Since(began)

	var curves []anytimeCurve
	if o.anytime > 0 {
		for _, bm := range missions {
			c, err := anytimeCurves(ctx, bm, o.planners, o.anytime)
			if err != nil {
				return err
			}
			curves = append(curves, c...)
		}
	}
	names := make([]string, len(missions))
	for i, bm := range missions {
		names[i] = bm.name
	}
	if err := writeResultsCSV(filepath.Join(o.out, "results.csv"), runs); err != nil {
		return err
	}
	plots, err := writeBenchPlots(o.out, names, o.planners, runs, curves)
	if err != nil {
		return err
	}
	for _, bm := range missions {
		if err := writeOMPLLog(filepath.Join(o.out, "ompl", bm.name+".log"), bm, o, runs, began); err != nil {
			return err
		}
	}
	report := benchReport(o, names, runs, plots, total)
	if err := os.WriteFile(filepath.Join(o.out, "report.md"), []byte(report), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d runs in %.1f s; report in %s\n", len(runs), total.Seconds(), filepath.Join(o.out, "report.md"))
	return nil
}

// newBenchProgress is a progress bar over the runs on a terminal, nil
// otherwise.
func newBenchProgress(w io.Writer, n int) *progressbar.ProgressBar {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(n,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription("benchmarking"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString("runs"),
		progressbar.OptionThrottle(100*time.Millisecond),
	)
}

func runBenchJob(ctx context.Context, o benchOptions, bm benchMission, j benchJob) (benchRun, error) {
	prob := bm.w.Problem
	prob.Config.Kind = j.kind
	prob.Config.Seed = j.seed
	p, err := planner.Build(prob)
	if err != nil {
		return benchRun{}, fmt.Errorf("%s, %s: %w", bm.name, j.kind, err)
	}
	planTime := bm.m.Planner.PlanTime
	if o.planTime > 0 {
		planTime = o.planTime
	}
	cfg := bm.m.Sim
	if o.maxFlight > 0 {
		cfg.MaxDuration = o.maxFlight
	}
	began := time.Now()
	res, err := sim.Run(ctx, sim.Setup{
		Name: bm.name, Planner: p, PlannerKind: j.kind, Model: bm.w.Model,
		Grid: bm.w.Grid, Sensor: bm.w.Sensor, Start: bm.w.Start, Budget: bm.m.Budget,
		PlanTime: planTime, Iterations: o.iters, Config: cfg, Seed: j.seed, Realtime: o.realtime,
	})
	if err != nil {
		return benchRun{}, fmt.Errorf("%s, %s, seed %d: %w", bm.name, j.kind, j.seed, err)
	}
	return benchRun{mission: bm.name, planner: j.kind, seed: j.seed, summary: res.Summary, series: res.Series, wall: time.Since(began)}, nil
}

// anytimeCurve is one planner's open-loop best reward after a number of
// iterations from the mission's start, and the wall time that took.
type anytimeCurve struct {
	mission, planner string
	iters            []int
	wall, reward     []float64
}

// anytimeCurves plans from each mission's start with 1, 2, 4, … up to max
// iterations (a fresh planner each time, seed 1) and records the reward.
func anytimeCurves(ctx context.Context, bm benchMission, kinds []string, maxIters int) ([]anytimeCurve, error) {
	var out []anytimeCurve
	for _, k := range kinds {
		c := anytimeCurve{mission: bm.name, planner: k}
		for n := 1; n <= maxIters; n *= 2 {
			prob := bm.w.Problem
			prob.Config.Kind, prob.Config.Seed = k, 1
			p, err := planner.Build(prob)
			if err != nil {
				return nil, err
			}
			began := time.Now()
			res, err := p.Replan(ctx, bm.w.Start, bm.m.Budget, bm.w.Grid, planner.Iterations(n))
			if err != nil {
				return nil, fmt.Errorf("%s, %s: %w", bm.name, k, err)
			}
			c.iters = append(c.iters, n)
			c.wall = append(c.wall, math.Max(time.Since(began).Seconds(), 1e-6))
			c.reward = append(c.reward, res.Reward)
		}
		out = append(out, c)
	}
	return out, nil
}

func writeResultsCSV(path string, runs []benchRun) error {
	f, err := os.Create(path)
	if err != nil {
		return &InputError{Err: err}
	}
	defer f.Close()
	w := csv.NewWriter(f)
	_ = w.Write([]string{"mission", "planner", "seed", "info_gained_bits", "entropy_start", "entropy_end",
		"prob_mass_seen", "targets_found", "targets_total", "false_detections", "distance_m", "duration_s",
		"replans", "plan_wall_s", "wall_s"})
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', 8, 64) }
	for _, r := range runs {
		s := r.summary
		_ = w.Write([]string{r.mission, r.planner, strconv.FormatUint(r.seed, 10), g(r.infoGained()),
			g(s.EntropyStart), g(s.EntropyEnd), g(s.ProbMassSeen), strconv.Itoa(s.TargetsFound),
			strconv.Itoa(s.TargetsTotal), strconv.Itoa(s.FalseDetections), g(s.DistanceM), g(s.DurationS),
			strconv.Itoa(s.Replans), g(s.PlanWallS), g(r.wall.Seconds())})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return f.Close()
}

// stats summarises one sample.
type stats struct {
	n            int
	mean, sd, ci float64 // ci: half-width of the 95 % confidence interval of the mean
}

func summarise(xs []float64) stats {
	s := stats{n: len(xs)}
	if s.n == 0 {
		return s
	}
	s.mean, s.sd = stat.MeanStdDev(xs, nil)
	if s.n < 2 {
		s.sd = 0
		return s
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(s.n - 1)}.Quantile(0.975)
	s.ci = t * s.sd / math.Sqrt(float64(s.n))
	return s
}

// welch is the two-sided p-value of Welch's t-test that a and b have the
// same mean.
func welch(a, b stats) float64 {
	if a.n < 2 || b.n < 2 {
		return math.NaN()
	}
	va, vb := a.sd*a.sd/float64(a.n), b.sd*b.sd/float64(b.n)
	if va+vb == 0 {
		if a.mean == b.mean {
			return 1
		}
		return 0
	}
	t := (a.mean - b.mean) / math.Sqrt(va+vb)
	df := (va + vb) * (va + vb) / (va*va/float64(a.n-1) + vb*vb/float64(b.n-1))
	return 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
}

// groupBy collects a metric of the runs by mission and planner.
func groupBy(runs []benchRun, metric func(benchRun) float64) map[[2]string][]float64 {
	g := map[[2]string][]float64{}
	for _, r := range runs {
		k := [2]string{r.mission, r.planner}
		g[k] = append(g[k], metric(r))
	}
	return g
}

// benchReport is report.md.
func benchReport(o benchOptions, missions []string, runs []benchRun, plots []string, total time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# tigris bench\n\n")
	mode := "deterministic: iterations per replan from sim.iterations_per_second × plan time"
	if o.iters > 0 {
		mode = fmt.Sprintf("deterministic: %d iterations per replan", o.iters)
	}
	if o.realtime {
		mode = "realtime: each replan gets its plan time of wall clock"
	}
	fmt.Fprintf(&b, "%d missions × %d planners × %d seeds = %d closed-loop runs in %.0f s on %d workers (%s, %s).\n",
		len(missions), len(o.planners), o.seeds, len(runs), total.Seconds(), o.jobs, runtime.GOOS+"/"+runtime.GOARCH, runtime.Version())
	fmt.Fprintf(&b, "Planning: %s", mode)
	if o.maxFlight > 0 {
		fmt.Fprintf(&b, "; every run ends after %g s of flight", o.maxFlight)
	}
	fmt.Fprintf(&b, ".\n\nInformation gained is the drop of the world belief's total entropy (bits) over the run; ")
	fmt.Fprintf(&b, "± is one standard deviation, CI the 95 %% confidence interval of the mean (Student's t). ")
	fmt.Fprintf(&b, "Ratio is the planner's mean over the mean of the best baseline of that mission (the best planner other than ia-tigris). ")
	fmt.Fprintf(&b, "p is the two-sided Welch's t-test of the planner against ia-tigris; * marks p < 0.05.\n\n")

	info := groupBy(runs, benchRun.infoGained)
	found := groupBy(runs, func(r benchRun) float64 { return float64(r.summary.TargetsFound) })
	seen := groupBy(runs, func(r benchRun) float64 { return r.summary.ProbMassSeen })

	type overallAcc struct{ norm []float64 }
	overall := map[string]*overallAcc{}
	for _, p := range o.planners {
		overall[p] = &overallAcc{}
	}
	wins := map[string]int{}
	for _, m := range missions {
		fmt.Fprintf(&b, "## %s\n\n", m)
		fmt.Fprintf(&b, "| planner | information gained (bits) | 95 %% CI | ratio to best baseline | p vs ia-tigris | targets found | prior mass seen |\n")
		fmt.Fprintf(&b, "|---|---:|---:|---:|---:|---:|---:|\n")
		best, bestMean := "", math.Inf(-1)
		top := math.Inf(-1)
		for _, p := range o.planners {
			s := summarise(info[[2]string{m, p}])
			top = math.Max(top, s.mean)
			if p != planner.KindIATigris && s.mean > bestMean {
				best, bestMean = p, s.mean
			}
		}
		ref := summarise(info[[2]string{m, planner.KindIATigris}])
		for _, p := range o.planners {
			s := summarise(info[[2]string{m, p}])
			ratio := "–"
			if best != "" && bestMean > 0 {
				ratio = fmt.Sprintf("%.2f", s.mean/bestMean)
			}
			pv := "–"
			if p != planner.KindIATigris && ref.n > 0 {
				pv = formatP(welch(s, ref))
			}
			f, sn := summarise(found[[2]string{m, p}]), summarise(seen[[2]string{m, p}])
			name := p
			if p == best {
				name += " (best baseline)"
			}
			fmt.Fprintf(&b, "| %s | %.1f ± %.1f | [%.1f, %.1f] | %s | %s | %.1f ± %.1f | %.1f %% |\n",
				name, s.mean, s.sd, s.mean-s.ci, s.mean+s.ci, ratio, pv, f.mean, f.sd, 100*sn.mean)
			if top > 0 {
				overall[p].norm = append(overall[p].norm, s.mean/top)
			}
			if ref.n > 0 && p != planner.KindIATigris && ref.mean > s.mean {
				wins[p]++
			}
		}
		if ref.n > 0 && best != "" && bestMean > 0 {
			fmt.Fprintf(&b, "\nia-tigris vs the best baseline (%s): %+.1f %%.\n", best, 100*(ref.mean/bestMean-1))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "## All missions\n\n")
	fmt.Fprintf(&b, "Mean over missions of the planner's mean information gained divided by the best planner's on that mission (1 = best everywhere), and on how many missions ia-tigris's mean beats the planner's.\n\n")
	fmt.Fprintf(&b, "| planner | normalised information gained | ia-tigris better on |\n|---|---:|---:|\n")
	for _, p := range o.planners {
		s := summarise(overall[p].norm)
		w := "–"
		if p != planner.KindIATigris && slices.Contains(o.planners, planner.KindIATigris) {
			w = fmt.Sprintf("%d of %d", wins[p], len(missions))
		}
		fmt.Fprintf(&b, "| %s | %.3f ± %.3f | %s |\n", p, s.mean, s.sd, w)
	}
	if len(plots) > 0 {
		fmt.Fprintf(&b, "\n## Plots\n\n")
		for _, p := range plots {
			fmt.Fprintf(&b, "- [%s](%s)\n", p, p)
		}
	}
	fmt.Fprintf(&b, "\nPer-run data: results.csv. Planner Arena (OMPL benchmark log format): ompl/*.log.\n")
	return b.String()
}

func formatP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "–"
	case p < 0.001:
		return "<0.001*"
	case p < 0.05:
		return fmt.Sprintf("%.3f*", p)
	}
	return fmt.Sprintf("%.3f", p)
}

// seriesMean averages a metric of the runs' time series over seeds on a
// common time grid, each run holding its last value after it ends.
func seriesMean(runs []benchRun, metric func(sim.Sample) float64) plotter.XYs {
	end := 0.0
	for _, r := range runs {
		if n := len(r.series); n > 0 {
			end = math.Max(end, r.series[n-1].T)
		}
	}
	const points = 200
	xys := make(plotter.XYs, points+1)
	for i := range xys {
		t := end * float64(i) / points
		sum := 0.0
		for _, r := range runs {
			k := 0
			for k+1 < len(r.series) && r.series[k+1].T <= t {
				k++
			}
			if len(r.series) > 0 {
				sum += metric(r.series[k])
			}
		}
		xys[i].X, xys[i].Y = t, sum/float64(max(1, len(runs)))
	}
	return xys
}

// writeBenchPlots draws, per mission, the mean entropy and targets found
// against mission time and the anytime curves, and returns the file names.
func writeBenchPlots(dir string, missions, planners []string, runs []benchRun, curves []anytimeCurve) ([]string, error) {
	var files []string
	save := func(p *plot.Plot, name string) error {
		p.Legend.Top = true
		if err := p.Save(16*vg.Centimeter, 10*vg.Centimeter, filepath.Join(dir, name)); err != nil {
			return err
		}
		files = append(files, name)
		return nil
	}
	for _, m := range missions {
		for _, spec := range []struct {
			file, title, y string
			metric         func(sim.Sample) float64
		}{
			{"entropy", "belief entropy", "entropy (bits)", func(s sim.Sample) float64 { return s.Entropy }},
			{"targets", "targets found", "targets found (mean over seeds)", func(s sim.Sample) float64 { return float64(s.TargetsFound) }},
		} {
			p := plot.New()
			p.Title.Text = m + ": " + spec.title
			p.X.Label.Text = "mission time (s)"
			p.Y.Label.Text = spec.y
			for i, k := range planners {
				var rs []benchRun
				for _, r := range runs {
					if r.mission == m && r.planner == k {
						rs = append(rs, r)
					}
				}
				l, err := plotter.NewLine(seriesMean(rs, spec.metric))
				if err != nil {
					return nil, err
				}
				l.Color, l.Dashes = plotutil.Color(i), plotutil.Dashes(i)
				p.Add(l)
				p.Legend.Add(k, l)
			}
			if err := save(p, spec.file+"-"+m+".png"); err != nil {
				return nil, err
			}
		}
		p := plot.New()
		p.Title.Text = m + ": open-loop best reward vs planning time"
		p.X.Label.Text = "planning time (s, log scale)"
		p.Y.Label.Text = "best plan's reward (bits)"
		p.X.Scale, p.X.Tick.Marker = plot.LogScale{}, plot.LogTicks{}
		n := 0
		for i, c := range curves {
			if c.mission != m {
				continue
			}
			xys := make(plotter.XYs, len(c.wall))
			for k := range xys {
				xys[k].X, xys[k].Y = c.wall[k], c.reward[k]
			}
			l, s, err := plotter.NewLinePoints(xys)
			if err != nil {
				return nil, err
			}
			l.Color, s.Color, s.Shape = plotutil.Color(i), plotutil.Color(i), plotutil.Shape(i)
			p.Add(l, s)
			p.Legend.Add(c.planner, l, s)
			n++
		}
		if n > 0 {
			if err := save(p, "anytime-"+m+".png"); err != nil {
				return nil, err
			}
		}
	}
	return files, nil
}

// writeOMPLLog writes one mission's runs as an OMPL benchmark log
// (ompl_benchmark_statistics.py turns it into the database Planner Arena
// plots): one experiment per mission, one planner section per kind, one run
// line per seed, and the entropy and targets found over mission time as
// progress properties.
func writeOMPLLog(path string, bm benchMission, o benchOptions, runs []benchRun, began time.Time) error {
	f, err := os.Create(path)
	if err != nil {
		return &InputError{Err: err}
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	host, _ := os.Hostname()
	if host == "" {
		host = "unknown"
	}
	total := 0.0
	for _, r := range runs {
		if r.mission == bm.name {
			total += r.wall.Seconds()
		}
	}
	planTime := bm.m.Planner.PlanTime
	if o.planTime > 0 {
		planTime = o.planTime
	}
	fmt.Fprintf(w, "tigris version 0.0.0\n")
	fmt.Fprintf(w, "Experiment %s\n", bm.name)
	fmt.Fprintf(w, "Running on %s\n", host)
	fmt.Fprintf(w, "Starting at %s\n", began.Format("2006-01-02 15:04:05"))
	fmt.Fprintf(w, "<<<|\nclosed-loop tigris sim of mission %s, %d seeds, plan time %v, iterations per replan %d\n|>>>\n", bm.name, o.seeds, planTime, o.iters)
	fmt.Fprintf(w, "<<<|\n%s %s, %d CPUs\n|>>>\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	fmt.Fprintf(w, "1 is the random seed\n")
	fmt.Fprintf(w, "%g seconds per run\n", planTime.Seconds())
	fmt.Fprintf(w, "0 MB per run\n")
	fmt.Fprintf(w, "%d runs per planner\n", o.seeds)
	fmt.Fprintf(w, "%g seconds spent to collect the data\n", total)
	fmt.Fprintf(w, "0 enum types\n")
	fmt.Fprintf(w, "%d planners\n", len(o.planners))
	props := []string{"time REAL", "solved BOOLEAN", "seed INTEGER", "information_gained REAL", "entropy_end REAL",
		"prob_mass_seen REAL", "targets_found INTEGER", "targets_total INTEGER", "false_detections INTEGER",
		"distance REAL", "mission_time REAL", "replans INTEGER", "plan_time REAL"}
	for _, k := range o.planners {
		var rs []benchRun
		for _, r := range runs {
			if r.mission == bm.name && r.planner == k {
				rs = append(rs, r)
			}
		}
		fmt.Fprintf(w, "%s\n0 common properties\n%d properties for each run\n", k, len(props))
		for _, p := range props {
			fmt.Fprintln(w, p)
		}
		fmt.Fprintf(w, "%d runs\n", len(rs))
		for _, r := range rs {
			s := r.summary
			fmt.Fprintf(w, "%g; 1; %d; %g; %g; %g; %d; %d; %d; %g; %g; %d; %g; \n",
				r.wall.Seconds(), r.seed, r.infoGained(), s.EntropyEnd, s.ProbMassSeen, s.TargetsFound,
				s.TargetsTotal, s.FalseDetections, s.DistanceM, s.DurationS, s.Replans, s.PlanWallS)
		}
		fmt.Fprintf(w, "3 progress properties for each run\ntime REAL\nentropy REAL\ntargets_found INTEGER\n%d runs\n", len(rs))
		for _, r := range rs {
			last := math.Inf(-1)
			for _, smp := range r.series {
				if smp.T <= last {
					continue // progress times must be unique per run
				}
				last = smp.T
				fmt.Fprintf(w, "%g,%g,%d,;", smp.T, smp.Entropy, smp.TargetsFound)
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, ".")
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}
