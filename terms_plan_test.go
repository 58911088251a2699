package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/planner"
	"github.com/tigris-uav/tigris/reward"
	"github.com/tigris-uav/tigris/sim"
)

// `tigris plan` honours end_region: the reward-end-region scenario requires
// the plan to end within 300 m of (1500, 200), and its last waypoint is
// there, after most of the 6 km budget went to searching.
func TestPlanEndsInTheEndRegion(t *testing.T) {
	code, stdout, stderr := runCLI(t, "plan", "-mission", "reward-end-region", "-iters", "150", "-json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var out struct {
		Reward    float64    `json:"reward"`
		Cost      float64    `json:"cost"`
		Waypoints []waypoint `json:"waypoints"`
	}
	if err := json.Unmarshal([]byte(stdout), &out); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, stdout)
	}
	if len(out.Waypoints) < 2 {
		t.Fatalf("plan of %d waypoints", len(out.Waypoints))
	}
	last := out.Waypoints[len(out.Waypoints)-1]
	if d := math.Hypot(last.X-1500, last.Y-200); d > 300 {
		t.Errorf("the plan ends at (%v, %v), %v m from home: outside the required region", last.X, last.Y, d)
	}
	if !(out.Cost > 3000) || !(out.Reward > 50) {
		t.Errorf("plan of %v m worth %v: want the budget spent searching and the bonus of 50 earned", out.Cost, out.Reward)
	}
}

// detectionLog is a tree planner that records the detections the simulator
// hands it.
type detectionLog struct {
	*planner.Planner
	nows []float64
	sets [][]reward.Detection
}

func (d *detectionLog) SetDetections(now float64, ds []reward.Detection) {
	d.nows = append(d.nows, now)
	d.sets = append(d.sets, slices.Clone(ds))
	d.Planner.SetDetections(now, ds)
}

// The revisit and standoff terms act on detections: before every replan the
// simulator hands the planner the found targets' latest detections and the
// mission time. The mission's static targets sit on a grid over the prior;
// every update lists targets at their places, detected no later than its
// time, never forgets one, and the targets found reach the planner.
func TestSimHandsTheDetectionsToThePlanner(t *testing.T) {
	text := `
name: revisit-static
vehicle: {kind: fixed-wing, speed: 20, min_turn_radius: 80, altitude: 50, start: {x: 1500, y: 200, z: 50, heading_deg: 90}}
budget: {distance: 3000}
map:
  resolution: 30
  bounds: [[0, 0], [3000, 0], [3000, 3000], [0, 3000]]
  default_probability: 1.0e-6
priors:
  - {polygon: [[600, 600], [2400, 600], [2400, 2400], [600, 2400]], probability: 0.3}
reward:
  terms:
    - {kind: entropy, weight: 1}
    - {kind: revisit, weight: 2, radius: 90, half_life: 60}
    - {kind: standoff, weight: 1, radius: 50, detected: true}
planner: {plan_time: 1s, seed: 1}
sim:
  targets:
    list:
`
	targets := map[r2.Vec]bool{}
	for x := 700.0; x < 2400; x += 400 {
		for y := 700.0; y < 2400; y += 400 {
			targets[r2.Vec{X: x, Y: y}] = true
			text += fmt.Sprintf("      - {x: %v, y: %v}\n", x, y)
		}
	}
	m, err := loadMission(writeMission(t, text))
	if err != nil {
		t.Fatal(err)
	}
	w, err := m.build()
	if err != nil {
		t.Fatal(err)
	}
	p, err := planner.New(w.Problem)
	if err != nil {
		t.Fatal(err)
	}
	log := &detectionLog{Planner: p}
	res, err := sim.Run(context.Background(), sim.Setup{
		Name: m.Name, Planner: log, PlannerKind: m.Planner.Kind, Model: w.Model,
		Grid: w.Grid, Sensor: w.Sensor, Start: w.Start, Budget: m.Budget,
		PlanTime: time.Second, Iterations: 5, Config: m.Sim, Seed: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	found := res.Summary.TargetsFound
	if found == 0 {
		t.Fatal("test setup: no target found")
	}
	if len(log.sets) < res.Summary.Replans {
		t.Fatalf("%d replans, %d detection updates: want one before each", res.Summary.Replans, len(log.sets))
	}
	for k, ds := range log.sets {
		if k > 0 && (!(log.nows[k] > log.nows[k-1]) || len(ds) < len(log.sets[k-1])) {
			t.Fatalf("update %d at t=%v lists %d targets; the one before, at t=%v, %d",
				k, log.nows[k], len(ds), log.nows[k-1], len(log.sets[k-1]))
		}
		for _, d := range ds {
			if !targets[d.Pos] || !(d.Time <= log.nows[k]) {
				t.Fatalf("update %d at t=%v: detection %+v is no target's place or is later", k, log.nows[k], d)
			}
		}
	}
	if last := log.sets[len(log.sets)-1]; len(last) == 0 || len(last) > found {
		t.Errorf("the last update lists %d targets of the %d found", len(last), found)
	}
}
