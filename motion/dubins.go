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
	// The division is the costly part. On the ranges where the solvers'
	// angles fall, ⌊x/2π⌋ is known to be 0, -1 or 1 (the quotient rounds
	// to no other integer; a test walks the ends ulp by ulp), and x − 2π·k is
	// then computed exactly as before.
	var k float64
	switch {
	case 0 < x && x < twoPi:
		return x
	case -twoPi <= x && x <= -0x1p-1000: // no underflow of x/2π to −0
		k = -1
	case twoPi <= x && x < 2*twoPi:
		k = 1
	default:
		k = math.Floor(x / twoPi)
	}
	x -= twoPi * k
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
	if w <= RSL {
		x, y, p, ok := pr.straight(w)
		if !ok {
			return 0, 0, 0, false
		}
		t, p, q = pr.arcs(w, x, y, p)
		return t, p, q, true
	}
	p, ok = pr.middle(w)
	if !ok {
		return 0, 0, 0, false
	}
	t, q = pr.ends(w, p)
	return t, p, q, true
}

// straight returns the straight's length p of the CSC word w and the offset
// (x, y) between the words' circle centres it comes from, and false when the
// word has no tangent. It needs no trigonometry: shortest bounds a word's
// length with p before paying for its arcs.
func (pr *dubinsProblem) straight(w Word) (x, y, p float64, ok bool) {
	d, sa, ca, sb, cb := pr.d, pr.sa, pr.ca, pr.sb, pr.cb
	switch w {
	case LSL:
		// The straight joins the two circles' centres; taking its length as a
		// hypot of the centre offset (not √ of an expanded square) keeps an
		// empty straight at ~1e-16 instead of ~1e-8.
		x, y = d+sa-sb, cb-ca
		return x, y, math.Hypot(x, y), true
	case RSR:
		x, y = d-sa+sb, ca-cb
		return x, y, math.Hypot(x, y), true
	case LSR:
		x, y = d+sa+sb, ca+cb
	default: // RSL
		x, y = d-sa-sb, ca+cb
	}
	p2 := x*x + y*y - 4
	if p2 < 0 {
		return 0, 0, 0, false
	}
	return x, y, math.Sqrt(p2), true
}

// arcs completes the CSC word w from straight's result.
func (pr *dubinsProblem) arcs(w Word, x, y, p float64) (t, pp, q float64) {
	a, b := pr.alpha, pr.beta
	switch w {
	case LSL:
		if p < sameCircle {
			// Start and goal lie on one circle: the straight's direction is
			// rounding noise, and splitting the turn around it could add a
			// full loop. Turn along the circle in one arc.
			return 0, 0, arc(b - a)
		}
		phi := math.Atan2(y, x)
		return arc(phi - a), p, arc(b - phi)
	case RSR:
		if p < sameCircle {
			return 0, 0, arc(a - b)
		}
		phi := math.Atan2(y, x)
		return arc(a - phi), p, arc(phi - b)
	case LSR:
		phi := math.Atan2(-y, x) - math.Atan2(-2, p)
		return arc(phi - a), p, arc(phi - b)
	default: // RSL
		phi := math.Atan2(y, x) - math.Atan2(2, p)
		return arc(a - phi), p, arc(b - phi)
	}
}

// middle returns the middle arc p of the CCC word w, and false when the
// word has no solution. The existence test is arithmetic; only a word that
// exists pays for the arccosine.
func (pr *dubinsProblem) middle(w Word) (p float64, ok bool) {
	d, sa, sb, cab := pr.d, pr.sa, pr.sb, pr.cab
	var c float64
	if w == RLR {
		c = (6 - d*d + 2*cab + 2*d*(sa-sb)) / 8
	} else {
		c = (6 - d*d + 2*cab + 2*d*(sb-sa)) / 8
	}
	if math.Abs(c) > 1 {
		return 0, false
	}
	return twoPi - math.Acos(c), true // in [π, 2π]: never snapped to 0, or the word would miss its goal
}

// ends completes the CCC word w from middle's result.
func (pr *dubinsProblem) ends(w Word, p float64) (t, q float64) {
	a, b, d, sa, ca, sb, cb := pr.alpha, pr.beta, pr.d, pr.sa, pr.ca, pr.sb, pr.cb
	if w == RLR {
		t = arc(a - math.Atan2(ca-cb, d-sa+sb) + p/2)
		return t, arc(a - b - t + p)
	}
	t = arc(-a - math.Atan2(ca-cb, d+sa-sb) + p/2)
	return t, arc(b - a - t + p)
}

// boundSlack is how far below a word's computed length its lower bound in
// shortest stays. The bounds are exact modulo 2π, and arc moves an angle by
// at most 1e-7 when it snaps; the relative term covers the rounding of the
// sums, which grows with the straight.
func boundSlack(p float64) float64 { return 1e-6 + 1e-12*p }

// turnBound is a lower bound on t+q ≥ 0 where t+q ≡ r (mod 2π), r in
// [0, 2π) as mod2pi gives it: arc's snapping can move the sum just below a
// multiple of 2π to it, so an r within the slack of 2π bounds nothing.
func turnBound(r, slack float64) float64 {
	if r > twoPi-slack {
		return 0
	}
	return r
}

// shortest returns the shortest word for pr and its normalised segments: the
// word of least length t+p+q, the earliest in Word order on a tie. It is
// bit for bit what solving all six words in order and keeping a strictly
// shorter one gives, without solving them all: every word gets a lower bound
// on its length from its straight (or middle arc) and its arcs' sum modulo
// 2π, which costs no arctangent, and the words are solved in order of their
// bounds until the next bound cannot beat the best length. A long edge
// usually solves one word instead of six.
func (pr *dubinsProblem) shortest() (best Word, seg [3]float64, ok bool) {
	var (
		lb     [6]float64 // lower bounds; +Inf for a word without solution
		xs, ys [4]float64 // CSC centre offsets, for arcs
		ps     [6]float64 // straights and middle arcs
		exists [6]bool
	)
	a, b := pr.alpha, pr.beta
	rl, rr := mod2pi(b-a), mod2pi(a-b) // t+q of LSL, RSR modulo 2π; ±(t−q) of LSR, RSL
	for w := LSL; w <= RSL; w++ {
		x, y, p, wok := pr.straight(w)
		xs[w], ys[w], ps[w], exists[w] = x, y, p, wok
		if !wok {
			lb[w] = math.Inf(1)
			continue
		}
		s := boundSlack(p)
		var turn float64
		switch w {
		case LSL:
			turn = turnBound(rl, s)
		case RSR:
			turn = turnBound(rr, s)
		default:
			// t−q is r or r−2π, so t+q ≥ |t−q| ≥ min(r, 2π−r).
			turn = min(rl, rr)
		}
		lb[w] = p + turn - s
	}
	for w := RLR; w <= LRL; w++ {
		p, wok := pr.middle(w)
		ps[w], exists[w] = p, wok
		if !wok {
			lb[w] = math.Inf(1)
			continue
		}
		// t+q ≡ ±(a−b)+p; and no path is shorter than the chord d.
		r := mod2pi(a - b + p)
		if w == LRL {
			r = mod2pi(b - a + p)
		}
		s := boundSlack(p + pr.d)
		lb[w] = max(p+turnBound(r, s), pr.d) - s
	}
	order := [6]Word{LSL, RSR, LSR, RSL, RLR, LRL}
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && lb[order[j]] < lb[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	bestLen := math.Inf(1)
	for _, w := range order {
		if !exists[w] {
			continue
		}
		// The bound is below the length: a word whose bound exceeds the best
		// length cannot win, nor can a later word that would only tie.
		if lb[w] > bestLen || (lb[w] == bestLen && w > best) {
			if lb[w] > bestLen {
				break
			}
			continue
		}
		var t, p, q float64
		if w <= RSL {
			t, p, q = pr.arcs(w, xs[w], ys[w], ps[w])
		} else {
			p = ps[w]
			t, q = pr.ends(w, p)
		}
		if l := t + p + q; l < bestLen || (ok && l == bestLen && w < best) {
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
