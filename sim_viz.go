package main

import (
	"errors"
	"fmt"
	"os"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/planner"
	"github.com/tigris-uav/tigris/sim"
	"github.com/tigris-uav/tigris/viz"
)

// Image sizes of `sim -png` (a picture to look at) and `sim -gif` (an
// animation: smaller, one byte per pixel per frame).
const (
	pngWidth, pngHeight = 1024, 768
	gifWidth, gifHeight = 640, 480
)

// frameMaker turns the simulator's snapshots into the visualizer's frames:
// the mission's fixed parts (bounds, keep-outs) once, the flown trail
// accumulated frame after frame.
type frameMaker struct {
	bounds  geom.Polygon
	circles []geom.Circle
	polys   []geom.Polygon
	trail   []r2.Vec

	treeOf *planner.Segment // the first edge of the snapshot tree that tree converts
	tree   []viz.Edge
}

func newFrameMaker(w *World) *frameMaker {
	fm := &frameMaker{bounds: w.Grid.Bounds}
	for _, z := range w.Mission.KeepOut {
		if z.Circle != nil {
			fm.circles = append(fm.circles, geom.Circle{Center: z.Circle.Center.Vec(), Radius: z.Circle.Radius})
			continue
		}
		fm.polys = append(fm.polys, geom.PolygonOf(z.Polygon))
	}
	return fm
}

// frame converts s. The frame shares the snapshot's copies and the trail's
// prefix, which later frames only append to, so it stays valid for ever.
// Samples per second are unknown in simulated time (NaN); the plan's reward
// and the tree are the latest replan's.
func (fm *frameMaker) frame(s sim.Snapshot) *viz.Frame {
	pos := r2.Vec{X: s.Vehicle.X, Y: s.Vehicle.Y}
	fm.trail = append(fm.trail, pos)
	f := &viz.Frame{
		T:               s.T,
		Belief:          s.Belief,
		Bounds:          fm.bounds,
		KeepOutCircles:  fm.circles,
		KeepOutPolygons: fm.polys,
		Trail:           fm.trail[:len(fm.trail):len(fm.trail)],
		Vehicle:         s.Vehicle,
		HasVehicle:      true,
		Footprint:       s.Footprint,
		HUD:             viz.UnknownHUD(),
	}
	if s.Reached < len(s.Plan) {
		f.Plan = make([]r2.Vec, 0, len(s.Plan)-s.Reached+1)
		f.Plan = append(f.Plan, pos)
		for _, p := range s.Plan[s.Reached:] {
			f.Plan = append(f.Plan, r2.Vec{X: p.X, Y: p.Y})
		}
	}
	f.Targets = make([]viz.Target, len(s.Targets))
	for i, t := range s.Targets {
		f.Targets[i] = viz.Target{Pos: t.Pos, Found: t.Found}
	}
	f.HUD.BudgetLeft = s.Sample.BudgetLeft
	f.HUD.Entropy = s.Sample.Entropy
	f.HUD.TreeSize = s.Sample.TreeSize
	f.HUD.TargetsFound = s.Sample.TargetsFound
	f.HUD.TargetsTotal = len(s.Targets)
	f.HUD.FalseDetects = s.Sample.FalseDetections
	if s.Sample.Replans > 0 {
		f.HUD.Reward = s.PlanReward
	}
	if len(s.Tree) > 0 {
		// Snapshots of one planning cycle share one tree: convert it once.
		if &s.Tree[0] != fm.treeOf {
			fm.treeOf = &s.Tree[0]
			fm.tree = make([]viz.Edge, len(s.Tree))
			for i, e := range s.Tree {
				fm.tree[i] = viz.Edge{A: e.From, B: e.To}
			}
		}
		f.Tree = fm.tree
	}
	return f
}

// simRecorder writes `sim -png F` (the last frame) and `sim -gif F` (the
// animation).
type simRecorder struct {
	png, gif       *viz.Recorder
	pngOut, gifOut *os.File
}

// newRecorder opens the files at once, so that a bad path fails before
// minutes of simulation (an input error). With neither path it returns nil,
// whose methods do nothing.
func newRecorder(pngPath, gifPath string) (*simRecorder, error) {
	if pngPath == "" && gifPath == "" {
		return nil, nil
	}
	r := &simRecorder{}
	var err error
	if pngPath != "" {
		if r.pngOut, err = os.Create(pngPath); err != nil {
			return nil, &InputError{Err: fmt.Errorf("-png: %w", err)}
		}
		r.png = viz.NewRecorder(pngWidth, pngHeight, false)
	}
	if gifPath != "" {
		if r.gifOut, err = os.Create(gifPath); err != nil {
			if r.pngOut != nil {
				r.pngOut.Close()
			}
			return nil, &InputError{Err: fmt.Errorf("-gif: %w", err)}
		}
		r.gif = viz.NewRecorder(gifWidth, gifHeight, true)
	}
	return r, nil
}

// add records a frame.
func (r *simRecorder) add(f *viz.Frame) {
	if r == nil {
		return
	}
	if r.png != nil {
		r.png.Add(f)
	}
	if r.gif != nil {
		r.gif.Add(f)
	}
}

// close writes the files and closes them.
func (r *simRecorder) close() error {
	if r == nil {
		return nil
	}
	var errs []error
	if r.pngOut != nil {
		errs = append(errs, r.png.WritePNG(r.pngOut), r.pngOut.Close())
	}
	if r.gifOut != nil {
		errs = append(errs, r.gif.WriteGIF(r.gifOut), r.gifOut.Close())
	}
	return errors.Join(errs...)
}
