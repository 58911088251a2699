package main

import (
	"github.com/tigris-uav/tigris/mavlink"
	"github.com/tigris-uav/tigris/sim"
	"github.com/tigris-uav/tigris/viz"
)

// flightFrame converts a flight-loop snapshot to a visualizer frame through
// the simulator's snapshot shape: the reported detections stand for the
// targets (all found; a real flight knows no others).
func (fm *frameMaker) flightFrame(s mavlink.FlightSnapshot) *viz.Frame {
	snap := sim.Snapshot{
		T: s.T, Vehicle: s.Vehicle, Footprint: s.Footprint, Plan: s.Plan, Reached: s.Reached, Belief: s.Belief,
		Sample: sim.Sample{T: s.T, Entropy: s.Entropy, BudgetLeft: s.BudgetLeft, Replans: s.Replans, TargetsFound: len(s.Found)},
	}
	for i, p := range s.Found {
		snap.Targets = append(snap.Targets, sim.Target{ID: i, Pos: p, Found: true})
	}
	return fm.frame(snap)
}
