package viz

import (
	"math"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
)

// Frame is a read-only snapshot of everything the scene shows, in the
// mission's local frame (metres). The drawing code never modifies it and
// keeps no reference to it after a draw, so the publisher (the simulator or
// the flight loop) may hand over copies it will not touch again, and a frame
// may be drawn from any goroutine while the next one is being built.
//
// Every field is optional: a missing layer is simply not drawn.
type Frame struct {
	// T is the mission clock, seconds.
	T float64
	// Belief is the grid to draw as a heatmap: a copy, or a grid the
	// publisher no longer writes to.
	Belief *belief.Grid
	// Bounds is the search area; the view fits it (or, without it, the
	// belief grid).
	Bounds geom.Polygon
	// KeepOutCircles and KeepOutPolygons are the no-fly zones.
	KeepOutCircles  []geom.Circle
	KeepOutPolygons []geom.Polygon
	// Tree holds the planner's tree edges, parent to child, drawn faintly.
	Tree []Edge
	// Plan is the best path still to fly.
	Plan []r2.Vec
	// Trail is the path flown so far, oldest first.
	Trail []r2.Vec
	// Vehicle is the vehicle's pose; HasVehicle says whether to draw it.
	Vehicle    motion.Pose
	HasVehicle bool
	// Footprint is the camera's ground footprint (convex).
	Footprint []r2.Vec
	// Targets are the targets known to the publisher: the true ones in
	// simulation, with the ones found so far marked.
	Targets []Target
	// FalseDetections are where detections fired with no target there.
	FalseDetections []r2.Vec
	// HUD holds the numbers printed over the map.
	HUD HUD
}

// Edge is one edge of the planner's tree, drawn as a straight segment.
type Edge struct{ A, B r2.Vec }

// Target is a target on the ground.
type Target struct {
	Pos   r2.Vec
	Found bool
}

// HUD holds the numbers of the text overlay. A NaN float is printed as "-",
// for a publisher that does not know it (the simulator has no reward, for
// example).
type HUD struct {
	BudgetLeft    float64 // fraction of the flight budget left, in [0, 1]
	Entropy       float64 // total belief entropy, bits
	Reward        float64 // the current plan's reward, bits × priority
	SamplesPerSec float64 // planner samples per second of planning
	TreeSize      int     // nodes in the planner's tree
	TargetsFound  int
	TargetsTotal  int // 0 hides the targets line
	FalseDetects  int
}

// UnknownHUD returns a HUD with every float unknown (NaN) and every count 0,
// to fill in what the publisher knows.
func UnknownHUD() HUD {
	n := math.NaN()
	return HUD{BudgetLeft: n, Entropy: n, Reward: n, SamplesPerSec: n}
}
