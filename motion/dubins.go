package motion

import (
	"errors"
	"fmt"
	"math"
)

// Word names one of the six Dubins path types by its three segments: L is a
// left (counter-clockwise) arc, R a right arc, S a straight.
type Word uint8

// The six Dubins words, in the order Steer tries them; on a tie in length the
// earlier word wins, which keeps the choice deterministic.
const (
	LSL Word = iota
	RSR
	LSR
	RSL
	RLR
	LRL
)

// wordTurns holds the turn direction of each segment: +1 left, -1 right,
// 0 straight.
var wordTurns = [6][3]int8{
	LSL: {1, 0, 1},
	RSR: {-1, 0, -1},
	LSR: {1, 0, -1},
	RSL: {-1, 0, 1},
	RLR: {-1, 1, -1},
	LRL: {1, -1, 1},
}

var wordNames = [6]string{"LSL", "RSR", "LSR", "RSL", "RLR", "LRL"}

// String returns the word's three letters, e.g. "LSR".
func (w Word) String() string {
	if int(w) < len(wordNames) {
		return wordNames[w]
	}
	return fmt.Sprintf("Word(%d)", w)
}

// DubinsPath is a planar Dubins path: a word and the lengths of its three
// segments in metres (arc lengths for the arcs). A zero-length segment is
// allowed and means the segment is absent.
type DubinsPath struct {
	Word     Word
	Segments [3]float64
	Radius   float64
}

// Length is the total length of p in metres.
func (p DubinsPath) Length() float64 { return p.Segments[0] + p.Segments[1] + p.Segments[2] }

const twoPi = 2 * math.Pi

// mod2pi maps x to [0, 2π).
func mod2pi(x float64) float64 {
	x -= twoPi * math.Floor(x/twoPi)
	if x >= twoPi {
		return 0
	}
	return x
}

// arc is mod2pi for a computed arc angle: results within 1e-7 of 2π are
// returned as 0. They are rounding noise on an empty arc, and keeping them
// would make the vehicle fly a full loop.
func arc(x float64) float64 {
	x = mod2pi(x)
	if x >= twoPi-1e-7 {
		return 0
	}
	return x
}

// sameCircle is the centre offset (in turn radii) below which an LSL or RSR
// start and goal are treated as lying on one turning circle.
const sameCircle = 1e-9

// dubinsProblem is a start/goal pair in the normalised frame of Shkel &
// Lumelsky: the start at the origin, the goal on the +X axis at distance d
// (in units of the turn radius), alpha and beta the start and goal headings
// relative to that axis.
type dubinsProblem struct {
	alpha, beta, d      float64
	sa, ca, sb, cb, cab float64
}

func newDubinsProblem(dx, dy, h0, h1, radius float64) dubinsProblem {
	d := math.Hypot(dx, dy) / radius
	theta := 0.0
	if d > 0 {
		theta = math.Atan2(dy, dx)
	}
	a := mod2pi(h0 - theta)
	b := mod2pi(h1 - theta)
	sa, ca := math.Sincos(a)
	sb, cb := math.Sincos(b)
	return dubinsProblem{alpha: a, beta: b, d: d, sa: sa, ca: ca, sb: sb, cb: cb, cab: ca*cb + sa*sb}
}

// solve returns the normalised segment lengths (radians for arcs, radii for
// the straight) of word w, and false when the word has no solution for pr.
// The closed forms are those of Shkel & Lumelsky (2001) and LaValle,
// Planning Algorithms §15.3.1.
func (pr *dubinsProblem) solve(w Word) (t, p, q float64, ok bool) {
	a, b, d := pr.alpha, pr.beta, pr.d
	sa, ca, sb, cb, cab := pr.sa, pr.ca, pr.sb, pr.cb, pr.cab
	switch w {
	case LSL:
		// The straight joins the two circles' centres; taking its length as a
		// hypot of the centre offset (not √ of an expanded square) keeps an
		// empty straight at ~1e-16 instead of ~1e-8.
		x, y := d+sa-sb, cb-ca
		p = math.Hypot(x, y)
		if p < sameCircle {
			// Start and goal lie on one circle: the straight's direction is
			// rounding noise, and splitting the turn around it could add a
			// full loop. Turn along the circle in one arc.
			return 0, 0, arc(b - a), true
		}
		phi := math.Atan2(y, x)
		return arc(phi - a), p, arc(b - phi), true
	case RSR:
		x, y := d-sa+sb, ca-cb
		p = math.Hypot(x, y)
		if p < sameCircle {
			return 0, 0, arc(a - b), true
		}
		phi := math.Atan2(y, x)
		return arc(a - phi), p, arc(phi - b), true
	case LSR:
		x, y := d+sa+sb, ca+cb
		p2 := x*x + y*y - 4
		if p2 < 0 {
			return 0, 0, 0, false
		}
		p = math.Sqrt(p2)
		phi := math.Atan2(-y, x) - math.Atan2(-2, p)
		return arc(phi - a), p, arc(phi - b), true
	case RSL:
		x, y := d-sa-sb, ca+cb
		p2 := x*x + y*y - 4
		if p2 < 0 {
			return 0, 0, 0, false
		}
		p = math.Sqrt(p2)
		phi := math.Atan2(y, x) - math.Atan2(2, p)
		return arc(a - phi), p, arc(b - phi), true
	case RLR:
		c := (6 - d*d + 2*cab + 2*d*(sa-sb)) / 8
		if math.Abs(c) > 1 {
			return 0, 0, 0, false
		}
		p = twoPi - math.Acos(c) // in [π, 2π]: never snapped to 0, or the word would miss its goal
		t = arc(a - math.Atan2(ca-cb, d-sa+sb) + p/2)
		return t, p, arc(a - b - t + p), true
	case LRL:
		c := (6 - d*d + 2*cab + 2*d*(sb-sa)) / 8
		if math.Abs(c) > 1 {
			return 0, 0, 0, false
		}
		p = twoPi - math.Acos(c)
		t = arc(-a - math.Atan2(ca-cb, d+sa-sb) + p/2)
		return t, p, arc(b - a - t + p), true
	}
	return 0, 0, 0, false
}

// shortest returns the shortest word for pr and its normalised length.
func (pr *dubinsProblem) shortest() (best Word, seg [3]float64, ok bool) {
	bestLen := math.Inf(1)
	for w := LSL; w <= LRL; w++ {
		t, p, q, wok := pr.solve(w)
		if !wok {
			continue
		}
		if l := t + p + q; l < bestLen {
			bestLen, best, seg, ok = l, w, [3]float64{t, p, q}, true
		}
	}
	return best, seg, ok
}

// ShortestDubins returns the shortest planar Dubins path from (x, y, heading)
// of from to that of to with the given turn radius; altitude is ignored.
func ShortestDubins(from, to Pose, radius float64) (DubinsPath, error) {
	if !(radius > 0) || math.IsInf(radius, 0) {
		return DubinsPath{}, fmt.Errorf("motion: Dubins turn radius must be finite and > 0, got %v", radius)
	}
	pr := newDubinsProblem(to.X-from.X, to.Y-from.Y, from.Heading, to.Heading, radius)
	w, seg, ok := pr.shortest()
	if !ok {
		return DubinsPath{}, errNoDubins
	}
	return DubinsPath{Word: w, Segments: [3]float64{seg[0] * radius, seg[1] * radius, seg[2] * radius}, Radius: radius}, nil
}

// DubinsWord returns the Dubins path of the given word from from to to, and
// false when that word cannot join them.
func DubinsWord(w Word, from, to Pose, radius float64) (DubinsPath, bool) {
	if !(radius > 0) || w > LRL {
		return DubinsPath{}, false
	}
	pr := newDubinsProblem(to.X-from.X, to.Y-from.Y, from.Heading, to.Heading, radius)
	t, p, q, ok := pr.solve(w)
	if !ok {
		return DubinsPath{}, false
	}
	return DubinsPath{Word: w, Segments: [3]float64{t * radius, p * radius, q * radius}, Radius: radius}, true
}

// errNoDubins cannot happen for finite input (LSL and RSR always exist); it
// guards against NaN coordinates.
var errNoDubins = errors.New("motion: no Dubins path (non-finite pose?)")

// Dubins is the fixed-wing model in still air: the shortest Dubins path with
// turn radius Radius, flown at Airspeed.
//
// Altitude changes linearly along the path so that the goal altitude is
// reached at the goal. Climbing does not slow the horizontal speed (search
// missions climb at small flight-path angles), so Time is the horizontal
// length over Airspeed. With ClimbRate > 0 the vertical speed is limited to
// ClimbRate: when the goal altitude needs more, the path climbs (or descends)
// at ClimbRate for the whole path and its last state's Z is the altitude
// reached, not the goal's; X, Y and heading are still exact. ClimbRate 0 means
// unlimited.
type Dubins struct {
	Radius    float64 // minimum turn radius, m
	Airspeed  float64 // m/s
	ClimbRate float64 // maximum vertical speed, m/s; 0 = unlimited
}

// Speed returns the airspeed.
func (m Dubins) Speed() float64 { return m.Airspeed }

// Steer fills p with the shortest Dubins path from from to to, one state at
// the start of each segment and then every step metres of 3D arc length, and
// the goal last. A zero-length path (same x, y and heading) has only the
// start state: a fixed-wing cannot change altitude without moving.
func (m Dubins) Steer(p *Path, from, to Pose, step float64) error {
	return m.SteerLimited(p, from, to, step, math.Inf(1), math.Inf(1))
}

// SteerLimited fills p with the prefix of Steer's path that the LimitedSteerer
// contract asks for, sampling nothing beyond it.
func (m Dubins) SteerLimited(p *Path, from, to Pose, step, maxDist, maxTime float64) error {
	p.Reset()
	if err := checkAir(m.Radius, m.Airspeed, m.ClimbRate, step); err != nil {
		return err
	}
	pr := newDubinsProblem(to.X-from.X, to.Y-from.Y, from.Heading, to.Heading, m.Radius)
	w, seg, ok := pr.shortest()
	if !ok {
		return errNoDubins
	}
	s := airSampler{from: from, to: to, radius: m.Radius, v: m.Airspeed, climb: m.ClimbRate, step: step, maxDist: maxDist, maxTime: maxTime}
	s.run(p, w, [3]float64{seg[0] * m.Radius, seg[1] * m.Radius, seg[2] * m.Radius}, to.X, to.Y)
	return nil
}

func checkAir(radius, airspeed, climb, step float64) error {
	switch {
	case !(radius > 0) || math.IsInf(radius, 0):
		return fmt.Errorf("motion: turn radius must be finite and > 0, got %v", radius)
	case !(airspeed > 0) || math.IsInf(airspeed, 0):
		return fmt.Errorf("motion: airspeed must be finite and > 0, got %v", airspeed)
	case !(climb >= 0):
		return fmt.Errorf("motion: climb rate must be >= 0, got %v", climb)
	case !(step > 0) || math.IsInf(step, 0):
		return fmt.Errorf("motion: step must be finite and > 0, got %v", step)
	}
	return nil
}
