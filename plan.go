package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/planner"
)

// planOutput is `tigris plan -json` (DESIGN §4).
type planOutput struct {
	Mission    string     `json:"mission"`
	Planner    string     `json:"planner"`
	Seed       uint64     `json:"seed"`
	Reward     float64    `json:"reward"`
	EndOK      bool       `json:"end_ok"`
	Cost       float64    `json:"cost"`
	DurationS  float64    `json:"duration_s"`
	Samples    int        `json:"samples"`
	Iterations int        `json:"iterations"`
	TreeSize   int        `json:"tree_size"`
	NodesPerS  float64    `json:"nodes_per_s"`
	WallS      float64    `json:"wall_s"`
	Waypoints  []waypoint `json:"waypoints"`
}

// waypoint is a pose as users write it: degrees for the heading.
type waypoint struct {
	X          float64 `json:"x" yaml:"x"`
	Y          float64 `json:"y" yaml:"y"`
	Z          float64 `json:"z" yaml:"z"`
	HeadingDeg float64 `json:"heading_deg" yaml:"heading_deg"`
}

func toWaypoint(p motion.Pose) waypoint {
	return waypoint{X: round3(p.X), Y: round3(p.Y), Z: round3(p.Z), HeadingDeg: round3(p.Heading * 180 / math.Pi)}
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func runPlan(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("plan", stderr)
	missionRef := fs.String("mission", "coastal-search", "mission file or embedded scenario name")
	planTime := fs.Duration("plan-time", 0, "planning time (wall clock); default: the mission's planner.plan_time")
	iters := fs.Int("iters", 0, "plan for exactly N iterations instead of a time (reproducible)")
	seed := fs.Uint64("seed", 0, "random seed (default: the mission's planner.seed)")
	workers := fs.Int("workers", 0, "parallel workers for neighbour extension (default: the mission's planner.workers)")
	asJSON := fs.Bool("json", false, "print one JSON object on stdout")
	outPath := fs.String("out", "", "also write the plan to this file: .plan (QGroundControl), .waypoints (QGC WPL 110), .kml, .geojson or .json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *planTime < 0 || *iters < 0 || *workers < 0 {
		return inputErrorf("-plan-time, -iters and -workers must not be negative")
	}
	m, err := loadMission(*missionRef)
	if err != nil {
		return err
	}
	if *seed != 0 {
		m.Planner.Seed = *seed
	}
	if *workers != 0 {
		m.Planner.Workers = *workers
	}
	if *outPath != "" {
		if err := checkPlanOut(*outPath, m); err != nil {
			return err
		}
	}
	w, p, err := m.buildPlanner()
	if err != nil {
		return err
	}
	ctx := context.Background()
	var term planner.Termination
	switch {
	case *iters > 0:
		term = planner.Iterations(*iters)
	case m.Planner.Iterations > 0 && *planTime == 0:
		term = planner.Iterations(m.Planner.Iterations)
	default:
		d := m.Planner.PlanTime
		if *planTime > 0 {
			d = *planTime
		}
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
		term = planner.Context(ctx)
	}
	began := time.Now()
	res, err := p.Replan(ctx, w.Start, m.Budget, w.Grid, term)
	if err != nil {
		return err
	}
	wall := time.Since(began).Seconds()
	out := planOutput{
		Mission: m.Name, Planner: m.Planner.Kind, Seed: m.Planner.Seed,
		Reward: res.Reward, EndOK: res.EndOK, Cost: res.Cost, DurationS: res.Duration,
		Samples: res.Samples, Iterations: res.Iterations, TreeSize: res.TreeSize,
		NodesPerS: float64(res.TreeSize) / math.Max(wall, 1e-9), WallS: wall,
	}
	for _, s := range res.Path {
		out.Waypoints = append(out.Waypoints, toWaypoint(s))
	}
	if *outPath != "" {
		if err := writePlanFile(*outPath, m, w, res.Path); err != nil {
			return err
		}
	}
	if *asJSON {
		return printJSON(stdout, out)
	}
	fmt.Fprintf(stdout, "mission %s, planner %s, seed %d\n", out.Mission, out.Planner, out.Seed)
	fmt.Fprintf(stdout, "reward %.3f bits, cost %.0f m (%.0f s), %d waypoints\n", out.Reward, out.Cost, out.DurationS, len(out.Waypoints))
	fmt.Fprintf(stdout, "%d iterations, %d samples, tree %d nodes in %.2f s (%.0f nodes/s)\n",
		out.Iterations, out.Samples, out.TreeSize, wall, out.NodesPerS)
	return nil
}
