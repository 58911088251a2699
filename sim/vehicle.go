package sim

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/motion"
)

// legStep is the discretisation (metres) of the leg the vehicle flies between
// two waypoints. The chord between 2 m states of a 100 m turn is 5 mm inside
// the arc, far below anything the camera or the budget can notice.
const legStep = 2.0

// legSlack bounds how much longer than its chord estimate (chordLeg) a
// re-steered leg may be before the vehicle distrusts it and flies the chord
// instead: between two states of one path that are a few metres apart, a
// Dubins or trochoid solver can return a full extra circle when rounding
// makes an angle a hair negative.
const legSlack = 1.1

// samePose is the tolerance (metres and radians) under which two waypoints
// are the same one, as the planner matches a replan start to its tree.
const samePose = 1e-6

// vehicle flies a plan, a list of waypoints, with its motion model.
//
// Between consecutive waypoints it flies the leg the model steers from the
// previous one (waypoints being states of one steered path, that is the
// path's own piece between them: sub-paths of shortest paths are shortest),
// and moves along the leg's states by time, interpolating linearly. So a
// fixed-wing follows the Dubins or trochoid curves at its speed, the ground
// track in wind is what the wind model planned, and a multirotor turns in
// place at its yaw rate, then flies. Distance is the leg's arc length as the
// model reports it (Path.Dist), the quantity the planner budgets with.
//
// When re-steering a leg fails or comes back implausibly long (see
// legSlack), the vehicle flies the constant-curvature arc between the two
// waypoints instead (arcLeg), timed from the geometry (chordLeg): within a few
// centimetres of the planned track, and the same length and duration to 0.1 %.
type vehicle struct {
	model motion.Model

	pose  motion.Pose
	flown float64 // metres since launch

	plan    []motion.Pose // the published plan, owned
	next    int           // index of the waypoint being approached; the count reached since publication
	leg     motion.Path   // the leg being flown; empty when idle
	legGoal motion.Pose   // where the leg was steered to
	legPlan bool          // legGoal is plan[next] (not a detour to finish a leg of an older plan)
	k       int           // the leg's state at or before the vehicle
	tau     float64       // seconds since the leg's state k
}

// idle reports whether the vehicle has nothing left to fly.
func (v *vehicle) idle() bool { return len(v.leg.States) == 0 && v.next >= len(v.plan) }

// setPlan replaces the plan. A leg in flight is finished first: it already
// ends on the new plan's first waypoint when the plan was stitched onto the
// old one, and otherwise the vehicle steers from the leg's end to the new
// plan, so it never re-steers from an interpolated pose in mid-leg.
func (v *vehicle) setPlan(plan []motion.Pose) {
	v.plan = append(v.plan[:0], plan...)
	v.next = 0
	if len(v.leg.States) > 0 {
		v.legPlan = len(v.plan) > 0 && samePoseAs(v.legGoal, v.plan[0])
		return
	}
	v.startLeg()
}

func samePoseAs(a, b motion.Pose) bool {
	return r3.Norm(r3.Sub(a.Vec, b.Vec)) <= samePose && motion.AngleDiff(a.Heading, b.Heading) <= samePose
}

// startLeg steers from the current pose to the next waypoint, skipping the
// waypoints the vehicle already stands on.
func (v *vehicle) startLeg() {
	v.leg.Reset()
	for v.next < len(v.plan) && samePoseAs(v.pose, v.plan[v.next]) {
		v.next++
	}
	if v.next >= len(v.plan) {
		return
	}
	goal := v.plan[v.next]
	v.legGoal, v.legPlan, v.k, v.tau = goal, true, 0, 0
	dist, dur := chordLeg(v.model, v.pose, goal)
	err := v.model.Steer(&v.leg, v.pose, goal, legStep)
	// Only a leg between two waypoints of the plan is checked: a detour to
	// a new plan may legitimately need a loop.
	fragile := v.next > 0 && v.leg.Length() > legSlack*dist+legStep
	if err != nil || len(v.leg.States) == 0 || fragile {
		arcLeg(&v.leg, v.pose, goal, course(v.model, v.pose), course(v.model, goal), dist, dur)
	}
}

// course is the direction the vehicle moves over the ground at pose p: its
// heading, drifted by the wind for a fixed-wing in wind.
func course(m motion.Model, p motion.Pose) float64 {
	t, ok := m.(motion.Trochoid)
	if !ok {
		return p.Heading
	}
	s, c := math.Sincos(p.Heading)
	return math.Atan2(t.Airspeed*s+t.Wind.Y, t.Airspeed*c+t.Wind.X)
}

// arcLength is the length of the circular arc with chord c that turns by
// the angle turn.
func arcLength(c, turn float64) float64 {
	turn = math.Abs(motion.WrapPi(turn))
	if turn < 1e-9 || turn >= math.Pi {
		return c
	}
	return c * (turn / 2) / math.Sin(turn/2)
}

// arcLeg fills p with the constant-curvature leg from a to b on the ground:
// the arc that leaves a on course ca and turns to course cb, bent linearly
// onto b where the leg is not a pure arc (a turn joined to a straight), with
// states every legStep metres, the heading turning uniformly, length dist and
// duration dur.
func arcLeg(p *motion.Path, a, b motion.Pose, ca, cb, dist, dur float64) {
	p.Reset()
	turn := motion.WrapPi(cb - ca)
	h := arcLength(math.Hypot(b.X-a.X, b.Y-a.Y), turn)
	s0, c0 := math.Sincos(ca)
	at := func(f float64) r3.Vec {
		if math.Abs(turn) < 1e-9 {
			return r3.Vec{X: a.X + f*h*c0, Y: a.Y + f*h*s0}
		}
		k := turn / h
		s, c := math.Sincos(ca + f*turn)
		return r3.Vec{X: a.X + (s-s0)/k, Y: a.Y + (c0-c)/k}
	}
	heading := motion.WrapPi(b.Heading - a.Heading)
	miss := r3.Sub(r3.Vec{X: b.X, Y: b.Y}, at(1))
	n := max(1, int(math.Ceil(h/legStep)))
	for i := range n + 1 {
		f := float64(i) / float64(n)
		q := r3.Add(at(f), r3.Scale(f, miss))
		q.Z = a.Z + f*(b.Z-a.Z)
		p.States = append(p.States, motion.Pose{Vec: q, Heading: motion.WrapPi(a.Heading + f*heading)})
		p.Dist = append(p.Dist, f*dist)
		p.Time = append(p.Time, f*dur)
	}
	p.States[0], p.States[n] = a, b
}

// chordLeg estimates the length and the duration of a short leg from its end
// poses alone, for when re-steering it fails. The horizontal length is that
// of the circular arc with the leg's chord and heading change (exact for a
// pure turn or a straight). A fixed-wing turns at its airspeed over its turn
// radius and flies straight at its ground speed in the wind, whichever takes
// longer; a multirotor turns in place at its yaw rate, then flies.
func chordLeg(m motion.Model, a, b motion.Pose) (dist, dur float64) {
	dx, dy, dz := b.X-a.X, b.Y-a.Y, b.Z-a.Z
	h := arcLength(math.Hypot(dx, dy), course(m, b)-course(m, a))
	dist = math.Hypot(h, dz)
	turn := math.Abs(motion.WrapPi(b.Heading - a.Heading))
	v := m.Speed()
	var wind motion.Wind
	switch mm := m.(type) {
	case motion.Multirotor:
		if mm.YawRate > 0 {
			dur = turn / mm.YawRate
		}
		return dist, dur + dist/groundSpeed(v, mm.Wind, math.Atan2(dy, dx))
	case motion.Dubins:
		dur = turn * mm.Radius / v
	case motion.Trochoid:
		dur, wind = turn*mm.Radius/v, mm.Wind
	}
	mid := a.Heading + motion.WrapPi(b.Heading-a.Heading)/2
	s, co := math.Sincos(mid)
	gs := math.Hypot(v*co+wind.X, v*s+wind.Y)
	return dist, math.Max(dur, h/gs)
}

// groundSpeed is the speed along the track heading that an air vehicle of
// airspeed v holds in the wind (the wind must be slower than v).
func groundSpeed(v float64, w motion.Wind, track float64) float64 {
	s, c := math.Sincos(track)
	along := c*w.X + s*w.Y
	return along + math.Sqrt(v*v-w.X*w.X-w.Y*w.Y+along*along)
}

// finishLeg puts the vehicle on the leg's last state and moves on.
func (v *vehicle) finishLeg() {
	v.pose = v.leg.States[len(v.leg.States)-1]
	if v.legPlan {
		v.next++
	}
	v.leg.Reset()
	v.startLeg()
}

// advance flies for up to dt seconds and at most maxDist metres. It returns
// the time actually flown (less than dt only when the plan ran out or the
// distance limit was hit) and the distance covered.
func (v *vehicle) advance(dt, maxDist float64) (used, dist float64) {
	for dt-used > 0 && len(v.leg.States) > 0 {
		s := v.leg.States
		if v.k+1 >= len(s) {
			v.finishLeg()
			continue
		}
		t0, t1 := v.leg.Time[v.k], v.leg.Time[v.k+1]
		d0, d1 := v.leg.Dist[v.k], v.leg.Dist[v.k+1]
		needT := t1 - t0 - v.tau
		frac0 := 0.0
		if t1 > t0 {
			frac0 = v.tau / (t1 - t0)
		}
		needD := (d1 - d0) * (1 - frac0)
		if needT <= dt-used && needD <= maxDist-dist {
			used += math.Max(needT, 0)
			dist += needD
			v.k++
			v.tau = 0
			v.pose = s[v.k]
			continue
		}
		// The piece ends beyond this tick or beyond the distance limit.
		f := 1.0
		if needT > 0 {
			f = math.Min(f, (dt-used)/needT)
		}
		limited := false
		if needD > 0 && (maxDist-dist)/needD < f {
			f, limited = math.Max(0, (maxDist-dist)/needD), true
		}
		used += f * math.Max(needT, 0)
		dist += f * needD
		v.tau += f * math.Max(needT, 0)
		frac := 1.0
		if t1 > t0 {
			frac = v.tau / (t1 - t0)
		}
		v.pose = lerpPose(s[v.k], s[v.k+1], frac)
		if limited {
			break
		}
	}
	if v.idle() {
		v.leg.Reset()
	}
	v.flown += dist
	return used, dist
}

// lerpPose interpolates position linearly and heading along the shorter way.
func lerpPose(a, b motion.Pose, f float64) motion.Pose {
	return motion.Pose{
		Vec:     r3.Add(a.Vec, r3.Scale(f, r3.Sub(b.Vec, a.Vec))),
		Heading: motion.WrapPi(a.Heading + f*motion.WrapPi(b.Heading-a.Heading)),
	}
}
