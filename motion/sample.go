package motion

import (
	"math"

	"gonum.org/v1/gonum/spatial/r3"
)

// segTol is the length (m) below which a segment counts as absent, and the
// margin that keeps a sample from landing within rounding noise of the next
// segment's start.
const segTol = 1e-6

// airSampler discretises a Dubins word flown in an air mass that drifts with
// a constant wind. With zero wind the air frame is the ground frame and the
// result is the plain Dubins path.
//
// One state is emitted at the start of every segment of non-zero length (so
// the tangent points of the straight are states) and then one every step of
// ground arc length, the goal last. On arcs the position is advanced by a
// rotation recurrence, not by calling sin/cos per state.
type airSampler struct {
	from, to Pose
	radius   float64
	v        float64 // horizontal airspeed
	wind     Wind
	step     float64
	climb    float64
	// The sampler stops after the first state (past the start) whose Dist is
	// not below maxDist or whose Time is not below maxTime; +Inf for Steer.
	maxDist, maxTime float64
}

// wrapHeading maps a heading that is at most a few turns outside [-π, π)
// back into it without math.Mod.
func wrapHeading(h float64) float64 {
	for h >= math.Pi {
		h -= twoPi
	}
	for h < -math.Pi {
		h += twoPi
	}
	return h
}

// segStart is the air-frame pose at the start of a segment and its heading's
// unit vector.
type segStart struct {
	x, y, h float64
	cos     float64
	sin     float64
}

func newSegStart(x, y, h float64) segStart {
	h = WrapPi(h)
	sn, cs := math.Sincos(h)
	return segStart{x: x, y: y, h: h, cos: cs, sin: sn}
}

// advance returns the pose reached from s along a segment of turn direction
// turn (+1 left, -1 right, 0 straight) and length l.
func advance(s segStart, turn int8, l, radius float64) segStart {
	if turn == 0 {
		return segStart{x: s.x + l*s.cos, y: s.y + l*s.sin, h: s.h, cos: s.cos, sin: s.sin}
	}
	d := float64(turn) * radius
	cx, cy := s.x-d*s.sin, s.y+d*s.cos
	e := newSegStart(0, 0, s.h+float64(turn)*l/radius)
	e.x, e.y = cx+d*e.sin, cy-d*e.cos
	return e
}

// retreat returns the pose from which a segment of turn direction turn and
// length l ends at e.
func retreat(e segStart, turn int8, l, radius float64) segStart {
	if turn == 0 {
		return segStart{x: e.x - l*e.cos, y: e.y - l*e.sin, h: e.h, cos: e.cos, sin: e.sin}
	}
	d := float64(turn) * radius
	cx, cy := e.x-d*e.sin, e.y+d*e.cos
	s := newSegStart(0, 0, e.h-float64(turn)*l/radius)
	s.x, s.y = cx+d*s.sin, cy-d*s.cos
	return s
}

// run fills p (already reset) with word w of segment lengths seg (metres of
// horizontal air path), ending in the air frame at (gx, gy) with the goal
// heading; the ground goal is s.to. When a state reaches s.maxDist or
// s.maxTime it stops there, as Path.Truncate would cut the full path.
func (s *airSampler) run(p *Path, w Word, seg [3]float64, gx, gy float64) {
	p.States = append(p.States, s.from)
	p.Dist = append(p.Dist, 0)
	p.Time = append(p.Time, 0)
	total := seg[0] + seg[1] + seg[2]
	if total <= segTol {
		return
	}
	T := total / s.v
	zEnd := s.to.Z
	if dz := zEnd - s.from.Z; s.climb > 0 && math.Abs(dz) > s.climb*T {
		zEnd = s.from.Z + math.Copysign(s.climb*T, dz)
	}
	vz := (zEnd - s.from.Z) / T
	turns := wordTurns[w]

	var starts [4]segStart
	starts[0] = newSegStart(s.from.X, s.from.Y, s.from.Heading)
	starts[1] = advance(starts[0], turns[0], seg[0], s.radius)
	// The starts of the last segment and of the goal cost two sincos that a
	// path stopped in its first segment never uses: they wait until needed.
	goalEnd := false
	needGoalEnd := func() {
		if !goalEnd {
			starts[3] = newSegStart(gx, gy, s.to.Heading)
			starts[2] = retreat(starts[3], turns[2], seg[2], s.radius)
			goalEnd = true
		}
	}

	wx, wy := s.wind.X, s.wind.Y
	calm := wx == 0 && wy == 0
	wn := math.Hypot(wx, wy)
	k3 := math.Sqrt(1 + (vz/s.v)*(vz/s.v)) // 3D length per horizontal metre, in calm air
	// arcStep is the air arc length between samples on an arc: the ground
	// speed there is at most v+|w| (plus the climb), so the ground arc per
	// sample stays within step.
	arcStep := s.step / k3
	if !calm {
		arcStep = s.v * s.step / math.Hypot(s.v+wn, vz)
	}
	var crA, srA, crH, srH float64 // rotation by one arc step, and by half of it (wind only)
	srA, crA = math.Sincos(arcStep / s.radius)
	if !calm {
		srH, crH = math.Sincos(arcStep / (2 * s.radius))
	}
	groundSpeed := func(c, sn float64) float64 {
		gxv, gyv := s.v*c+wx, s.v*sn+wy
		return math.Sqrt(gxv*gxv + gyv*gyv + vz*vz)
	}

	open := -1 // index in p.Straights of a straight whose end is the next segment start
	dist := 0.0
	sigma := 0.0 // air arc length flown before the current segment
	// emit appends a state and reports whether it is the last one wanted.
	emit := func(x, y, z, h, d, t float64) bool {
		p.States = append(p.States, Pose{Vec: vec3(x, y, z), Heading: h})
		p.Dist = append(p.Dist, d)
		p.Time = append(p.Time, t)
		return reaches(d, t, s.maxDist, s.maxTime)
	}
	closeStraight := func() {
		if open >= 0 {
			n := len(p.States) - 1
			p.Straights[open].End = p.States[n]
			p.Straights[open].To = p.Dist[n]
			open = -1
		}
	}
	for k := range 3 {
		l := seg[k]
		if k == 2 {
			needGoalEnd()
		}
		st := starts[k]
		if l <= segTol {
			sigma += l
			if !calm {
				dist += l / s.v * groundSpeed(st.cos, st.sin)
			}
			continue
		}
		tau := sigma / s.v
		if sigma > segTol {
			if calm {
				dist = sigma * k3
			}
			if emit(st.x+wx*tau, st.y+wy*tau, s.from.Z+vz*tau, st.h, dist, tau) {
				p.cutOpen(open)
				return
			}
			closeStraight()
		}
		turn := turns[k]
		if turn == 0 {
			first := len(p.States) - 1
			p.Straights = append(p.Straights, Straight{Start: p.States[first], From: p.Dist[first]})
			open = len(p.Straights) - 1
			gs := groundSpeed(st.cos, st.sin)
			ds := arcStep
			if !calm {
				ds = s.v * s.step / gs
			}
			for m := 1; float64(m)*ds < l-segTol; m++ {
				sm := float64(m) * ds
				t := (sigma + sm) / s.v
				d := (sigma + sm) * k3
				if !calm {
					d = dist + sm/s.v*gs
				}
				if emit(st.x+sm*st.cos+wx*t, st.y+sm*st.sin+wy*t, s.from.Z+vz*t, st.h, d, t) {
					p.cutOpen(open)
					return
				}
			}
			if !calm {
				dist += l / s.v * gs
			}
		} else {
			r := float64(turn) * s.radius
			cx, cy := st.x-r*st.sin, st.y+r*st.cos
			c, sn := st.cos, st.sin
			srT := float64(turn) * srA
			srHT := float64(turn) * srH
			dphi := float64(turn) * arcStep / s.radius
			prev := 0.0
			if !calm {
				prev = groundSpeed(c, sn)
			}
			m := 1
			for ; float64(m)*arcStep < l-segTol; m++ {
				if !calm {
					hc, hs := c*crH-sn*srHT, sn*crH+c*srHT
					c, sn = c*crA-sn*srT, sn*crA+c*srT
					next := groundSpeed(c, sn)
					dist += arcStep / s.v * (prev + 4*groundSpeed(hc, hs) + next) / 6
					prev = next
				} else {
					c, sn = c*crA-sn*srT, sn*crA+c*srT
				}
				sm := float64(m) * arcStep
				t := (sigma + sm) / s.v
				d := (sigma + sm) * k3
				if !calm {
					d = dist
				}
				if emit(cx+r*sn+wx*t, cy-r*c+wy*t, s.from.Z+vz*t, wrapHeading(st.h+float64(m)*dphi), d, t) {
					p.cutOpen(open)
					return
				}
			}
			if !calm {
				// The last, partial interval up to the next segment's start.
				rest := l - float64(m-1)*arcStep
				hs, hc := math.Sincos(float64(turn) * rest / (2 * s.radius))
				mc, ms := c*hc-sn*hs, sn*hc+c*hs
				if k >= 1 {
					needGoalEnd()
				}
				e := starts[k+1]
				dist += rest / s.v * (prev + 4*groundSpeed(mc, ms) + groundSpeed(e.cos, e.sin)) / 6
			}
		}
		sigma += l
	}
	if calm {
		dist = total * k3
	}
	goal := s.to
	goal.Z = zEnd
	emit(goal.X, goal.Y, goal.Z, goal.Heading, dist, T)
	closeStraight()
}

// reaches reports whether a state at distance d and time t is the last one
// SteerLimited keeps: NaN limits stop at once, like the planner's cut.
func reaches(d, t, maxDist, maxTime float64) bool { return !(d < maxDist && t < maxTime) }

// cutOpen ends a path stopped early at its last state: the straight at index
// open (if open >= 0), whose end was not reached yet, and any other straight
// get exactly what Path.Truncate gives them on the full path.
func (p *Path) cutOpen(open int) {
	if open >= 0 {
		p.Straights[open].To = math.Inf(1)
	}
	p.Truncate(len(p.States))
}

func vec3(x, y, z float64) r3.Vec { return r3.Vec{X: x, Y: y, Z: z} }
