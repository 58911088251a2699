package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/tigris-uav/tigris/sim"
	"github.com/tigris-uav/tigris/viz"
)

func runSim(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sim", stderr)
	missionRef := fs.String("mission", "coastal-search", "mission file or embedded scenario name")
	kind := fs.String("planner", "", "planner kind (default: the mission's planner.kind)")
	seed := fs.Uint64("seed", 0, "seed for the planner and the world (default: the mission's planner.seed)")
	planTime := fs.Duration("plan-time", 0, "planning time per replan (default: the mission's planner.plan_time)")
	iters := fs.Int("iters", 0, "fixed iterations per replan instead of sim.iterations_per_second × plan time")
	realtime := fs.Bool("realtime", false, "plan against the wall clock (not reproducible)")
	asJSON := fs.Bool("json", false, "print the summary as one JSON object on stdout")
	csvPath := fs.String("csv", "", "write the time series as CSV to this file")
	pngPath := fs.String("png", "", "write the last frame as a PNG image")
	gifPath := fs.String("gif", "", "write the mission as an animated GIF")
	gui := fs.Bool("gui", false, "watch the mission live in a window (needs a build with -tags gui)")
	outPath := fs.String("out", "", "also write the flown path to this file: .plan (QGroundControl), .waypoints, .kml, .geojson or .json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *planTime < 0 || *iters < 0 {
		return inputErrorf("-plan-time and -iters must not be negative")
	}
	m, err := loadMission(*missionRef)
	if err != nil {
		return err
	}
	if *kind != "" {
		m.Planner.Kind = *kind
	}
	if *seed != 0 {
		m.Planner.Seed = *seed
	}
	if *planTime > 0 {
		m.Planner.PlanTime = *planTime
	}
	if err := m.Planner.Validate(); err != nil {
		return &InputError{Err: fmt.Errorf("-planner: %w", err)}
	}
	w, p, err := m.buildPlanner()
	if err != nil {
		return err
	}
	if *outPath != "" {
		if err := checkPlanOut(*outPath, m); err != nil {
			return err
		}
	}
	var csvFile *os.File
	if *csvPath != "" {
		// Open before the run so a bad path fails fast, not after minutes of simulation.
		if csvFile, err = os.Create(*csvPath); err != nil {
			return &InputError{Err: err}
		}
		defer csvFile.Close()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	setup := sim.Setup{
		Name: m.Name, Planner: p, PlannerKind: m.Planner.Kind, Model: w.Model,
		Grid: w.Grid, Sensor: w.Sensor, Start: w.Start, Budget: m.Budget,
		PlanTime: m.Planner.PlanTime, Iterations: *iters, Config: m.Sim,
		Seed: m.Planner.Seed, Realtime: *realtime,
	}
	bar := newProgress(stderr)
	if bar != nil {
		setup.Progress = func(t, total float64) {
			bar.ChangeMax64(int64(total))
			_ = bar.Set64(int64(t))
		}
	}
	rec, err := newRecorder(*pngPath, *gifPath)
	if err != nil {
		return err
	}
	frames := newFrameMaker(w)
	began := time.Now()
	var res *sim.Result
	if *gui {
		err = runWindow(ctx, "tigris sim — "+m.Name, func(ctx context.Context, publish func(*viz.Frame) bool) error {
			setup.OnFrame = func(s sim.Snapshot) {
				f := frames.frame(s)
				rec.add(f)
				publish(f)
			}
			var runErr error
			res, runErr = sim.Run(ctx, setup)
			return runErr
		})
	} else {
		if rec != nil {
			setup.OnFrame = func(s sim.Snapshot) { rec.add(frames.frame(s)) }
		}
		res, err = sim.Run(ctx, setup)
	}
	if cerr := rec.close(); err == nil {
		err = cerr
	}
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(stderr)
	}
	if err != nil {
		return err
	}
	if csvFile != nil {
		if err := res.WriteCSV(csvFile); err != nil {
			return err
		}
		if err := csvFile.Close(); err != nil {
			return err
		}
	}
	if *outPath != "" {
		if err := writePlanFile(*outPath, m, w, res.Trail); err != nil {
			return err
		}
	}
	if *asJSON {
		return printJSON(stdout, res.Summary)
	}
	printSimSummary(stdout, res.Summary, time.Since(began))
	return nil
}

// newProgress returns a progress bar on a terminal, nil otherwise (a bar in
// a CI log is noise).
func newProgress(w io.Writer) *progressbar.ProgressBar {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions64(1,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription("simulating"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString("s"),
		progressbar.OptionThrottle(100*time.Millisecond),
	)
}

func printSimSummary(w io.Writer, s sim.Summary, wall time.Duration) {
	fmt.Fprintf(w, "mission %s, planner %s, seed %d\n", s.Mission, s.Planner, s.Seed)
	fmt.Fprintf(w, "flew %.0f m in %.0f s of mission time, %d replans\n", s.DistanceM, s.DurationS, s.Replans)
	drop := 0.0
	if s.EntropyStart > 0 {
		drop = 100 * (s.EntropyStart - s.EntropyEnd) / s.EntropyStart
	}
	fmt.Fprintf(w, "entropy %.1f → %.1f bits (−%.1f %%), %.1f %% of the prior's probability mass seen\n",
		s.EntropyStart, s.EntropyEnd, drop, 100*s.ProbMassSeen)
	fmt.Fprintf(w, "targets found %d of %d, false detections %d\n", s.TargetsFound, s.TargetsTotal, s.FalseDetections)
	fmt.Fprintf(w, "wall time %.1f s (planning %.1f s)\n", wall.Seconds(), s.PlanWallS)
}
