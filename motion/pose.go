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

// LimitedSteerer is a Model that can stop steering where its caller would cut
// the path anyway, so that a planner extending at most a few hundred metres
// does not discretise kilometres of curve it then drops.
//
// SteerLimited leaves p exactly as Steer(p, from, to, step) followed by
// p.Truncate(k) would, bit for bit, where k-1 is the index of the first state
// after the start (index ≥ 1) whose Dist is not below maxDist or whose Time
// is not below maxTime, and k is len(States) when there is no such state: the
// states up to and including the one that reaches a limit, with Straights
// clipped as Truncate clips them. The start state is always kept, so limits
// of 0 (or below) give the start and the first state after it. +Inf means no
// limit; a NaN limit, which no Dist or Time is below, also stops at the first
// state after the start. It returns the errors Steer returns, for the same
// inputs.
type LimitedSteerer interface {
	Model
	SteerLimited(p *Path, from, to Pose, step, maxDist, maxTime float64) error
}

// SteerLimited steers m as LimitedSteerer.SteerLimited does. A model that is
// not a LimitedSteerer is steered in full and truncated, with the same result.
func SteerLimited(m Model, p *Path, from, to Pose, step, maxDist, maxTime float64) error {
	if ls, ok := m.(LimitedSteerer); ok {
		return ls.SteerLimited(p, from, to, step, maxDist, maxTime)
	}
	if err := m.Steer(p, from, to, step); err != nil {
		return err
	}
	p.Truncate(limitPrefix(p, maxDist, maxTime))
	return nil
}

// limitPrefix is the number of states SteerLimited keeps of the full path p.
func limitPrefix(p *Path, maxDist, maxTime float64) int {
	for i := 1; i < len(p.States); i++ {
		if !(p.Dist[i] < maxDist && p.Time[i] < maxTime) {
			return i + 1
		}
	}
	return len(p.States)
}
