package motion

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// Pose is a vehicle state in the local ENU frame: position in metres (Z is the
// height above the ground plane) and heading in radians, counter-clockwise from
// east (+X).
type Pose struct {
	r3.Vec
	Heading float64
}

// WrapPi maps an angle to [-π, π).
func WrapPi(a float64) float64 {
	a = math.Mod(a+math.Pi, 2*math.Pi)
	if a < 0 {
		a += 2 * math.Pi
	}
	// A tiny negative remainder plus 2π rounds to 2π, which would give π.
	if a >= 2*math.Pi {
		return -math.Pi
	}
	return a - math.Pi
}

// AngleDiff is the absolute difference between two headings, in [0, π].
func AngleDiff(a, b float64) float64 {
	return math.Abs(WrapPi(a - b))
}

// Distance is the metric the planner's nearest-neighbour index uses (model
// §2.1): the Euclidean distance between positions plus the heading difference,
// summed, so the heading term is worth at most π metres.
func Distance(a, b Pose) float64 {
	return r3.Norm(r3.Sub(a.Vec, b.Vec)) + AngleDiff(a.Heading, b.Heading)
}

// Straight is a straight part of a path, the part where the reward sweeps the
// camera footprint along the track. Start and End are the poses at its ends;
// From and To are their arc-length positions along the path (metres).
type Straight struct {
	Start, End Pose
	From, To   float64
}

// Path is a steered motion from one pose toward another, discretised for the
// planner and the reward.
//
// States[0] is exactly the start pose. When the path is complete its last state
// is exactly the goal (x, y, z and heading). Dist[i] and Time[i] are the arc
// length (metres, 3D) and the flight time (seconds) from the start to
// States[i]; consecutive states are at most one step apart in arc length.
// Straights lists the straight parts in path order, with their exact
// (analytic) end points.
type Path struct {
	States    []Pose
	Dist      []float64
	Time      []float64
	Straights []Straight
}

// Reset empties p, keeping its storage for reuse.
func (p *Path) Reset() {
	p.States = p.States[:0]
	p.Dist = p.Dist[:0]
	p.Time = p.Time[:0]
	p.Straights = p.Straights[:0]
}

// Length is the arc length of the whole path in metres.
func (p *Path) Length() float64 {
	if len(p.Dist) == 0 {
		return 0
	}
	return p.Dist[len(p.Dist)-1]
}

// Duration is the time to fly the whole path in seconds.
func (p *Path) Duration() float64 {
	if len(p.Time) == 0 {
		return 0
	}
	return p.Time[len(p.Time)-1]
}

// Model steers a vehicle from one pose toward another. Implementations are
// pure and safe for concurrent use; all scratch state lives in the Path the
// caller passes in.
type Model interface {
	// Steer fills p (reusing its storage) with the path from `from` to `to`,
	// discretised every step metres of arc length. It returns an error only
	// when no path exists (for example wind at or above the airspeed).
	Steer(p *Path, from, to Pose, step float64) error
	// Speed is the vehicle's nominal speed over the air in m/s.
	Speed() float64
}
