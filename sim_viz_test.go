package main

import (
	"errors"
	"image/gif"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/sim"
	"github.com/tigris-uav/tigris/viz"
)

// vizWorld builds the embedded field-geo scenario, which has a circular and
// a polygonal keep-out.
func vizWorld(t *testing.T) *World {
	t.Helper()
	m, err := loadMission("field-geo")
	if err != nil {
		t.Fatal(err)
	}
	w, err := m.build()
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// snapshot is a snapshot at time t with the vehicle at x, y, a three-point
// plan of which reached points are flown, and two targets, one found.
func snapshot(w *World, t, x, y float64, reached int) sim.Snapshot {
	return sim.Snapshot{
		T:         t,
		Vehicle:   motion.Pose{Vec: r3.Vec{X: x, Y: y, Z: 50}, Heading: 1},
		Footprint: []r2.Vec{{X: x, Y: y}, {X: x + 10, Y: y}, {X: x, Y: y + 10}},
		Plan:      []motion.Pose{{Vec: r3.Vec{X: 1, Y: 2}}, {Vec: r3.Vec{X: 3, Y: 4}}, {Vec: r3.Vec{X: 5, Y: 6}}},
		Reached:   reached,
		Targets:   []sim.Target{{Pos: r2.Vec{X: 7, Y: 8}}, {Pos: r2.Vec{X: 9, Y: 10}, Found: true}},
		Belief:    w.Grid.Clone(),
		Sample:    sim.Sample{T: t, Entropy: 12.5, BudgetLeft: 0.25, TreeSize: 77, TargetsFound: 1, FalseDetections: 3},
	}
}

func TestFrameFromSnapshot(t *testing.T) {
	w := vizWorld(t)
	fm := newFrameMaker(w)
	f1 := fm.frame(snapshot(w, 1, 100, 200, 1))
	f2 := fm.frame(snapshot(w, 2, 110, 210, 3))

	if len(f1.KeepOutCircles) != 1 || len(f1.KeepOutPolygons) != 1 {
		t.Errorf("keep-outs: %d circles and %d polygons, want 1 and 1", len(f1.KeepOutCircles), len(f1.KeepOutPolygons))
	}
	if len(f1.Bounds) < 3 {
		t.Errorf("bounds: %d vertices", len(f1.Bounds))
	}
	// The plan still to fly starts at the vehicle.
	wantPlan := []r2.Vec{{X: 100, Y: 200}, {X: 3, Y: 4}, {X: 5, Y: 6}}
	if len(f1.Plan) != len(wantPlan) {
		t.Fatalf("plan %v, want %v", f1.Plan, wantPlan)
	}
	for i := range wantPlan {
		if f1.Plan[i] != wantPlan[i] {
			t.Errorf("plan[%d] = %v, want %v", i, f1.Plan[i], wantPlan[i])
		}
	}
	if len(f2.Plan) != 0 {
		t.Errorf("a fully flown plan draws %v, want nothing", f2.Plan)
	}
	// The trail grows, and an earlier frame's trail does not change.
	if len(f1.Trail) != 1 || len(f2.Trail) != 2 || f2.Trail[1] != (r2.Vec{X: 110, Y: 210}) {
		t.Errorf("trails %v and %v", f1.Trail, f2.Trail)
	}
	f3 := fm.frame(snapshot(w, 3, 120, 220, 0))
	if len(f2.Trail) != 2 || len(f3.Trail) != 3 || f2.Trail[1] != (r2.Vec{X: 110, Y: 210}) {
		t.Errorf("after a third frame: trails %v and %v", f2.Trail, f3.Trail)
	}
	if !f1.HasVehicle || f1.Vehicle.X != 100 || len(f1.Footprint) != 3 {
		t.Errorf("vehicle %v (shown %v), footprint %v", f1.Vehicle, f1.HasVehicle, f1.Footprint)
	}
	if len(f1.Targets) != 2 || f1.Targets[0].Found || !f1.Targets[1].Found {
		t.Errorf("targets %v", f1.Targets)
	}
	h := f1.HUD
	if h.Entropy != 12.5 || h.BudgetLeft != 0.25 || h.TreeSize != 77 || h.TargetsFound != 1 || h.TargetsTotal != 2 || h.FalseDetects != 3 {
		t.Errorf("HUD %+v", h)
	}
	if !math.IsNaN(h.Reward) || !math.IsNaN(h.SamplesPerSec) {
		t.Errorf("the simulator knows no reward or sample rate, got %v and %v", h.Reward, h.SamplesPerSec)
	}
}

func TestRecorderWritesPNGAndGIF(t *testing.T) {
	w := vizWorld(t)
	dir := t.TempDir()
	pngPath, gifPath := filepath.Join(dir, "last.png"), filepath.Join(dir, "run.gif")
	rec, err := newRecorder(pngPath, gifPath)
	if err != nil {
		t.Fatal(err)
	}
	fm := newFrameMaker(w)
	for i := range 30 {
		rec.add(fm.frame(snapshot(w, float64(i), 100+float64(i), 200, 0)))
	}
	if err := rec.close(); err != nil {
		t.Fatal(err)
	}
	pf, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	img, err := png.Decode(pf)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != pngWidth || b.Dy() != pngHeight {
		t.Errorf("PNG is %v, want %d×%d", b, pngWidth, pngHeight)
	}
	gf, err := os.Open(gifPath)
	if err != nil {
		t.Fatal(err)
	}
	defer gf.Close()
	anim, err := gif.DecodeAll(gf)
	if err != nil {
		t.Fatal(err)
	}
	// A frame every 2 s of the 29 s, and the last one.
	if n := len(anim.Image); n != 16 {
		t.Errorf("GIF has %d frames, want 16", n)
	}
	if b := anim.Image[0].Bounds(); b.Dx() != gifWidth || b.Dy() != gifHeight {
		t.Errorf("GIF is %v, want %d×%d", b, gifWidth, gifHeight)
	}
}

func TestRecorderBadPathIsInputError(t *testing.T) {
	dir := t.TempDir()
	for _, paths := range [][2]string{
		{filepath.Join(dir, "no", "such", "dir.png"), ""},
		{"", filepath.Join(dir, "no", "such", "dir.gif")},
	} {
		_, err := newRecorder(paths[0], paths[1])
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("newRecorder(%q, %q): got %v, want an input error", paths[0], paths[1], err)
		}
	}
	rec, err := newRecorder("", "")
	if rec != nil || err != nil {
		t.Errorf("no paths: got %v, %v; want nothing to do", rec, err)
	}
	rec.add(&viz.Frame{})
	if err := rec.close(); err != nil {
		t.Errorf("closing the nil recorder: %v", err)
	}
}
