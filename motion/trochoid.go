package motion

import (
	"fmt"
	"math"
)

// Trochoid is the fixed-wing model in a constant wind. The aircraft flies a
// Dubins path (turn radius Radius, speed Airspeed) relative to the air mass,
// and the air mass drifts with Wind, so over the ground its turns are
// trochoids and its straights are straights flown crabbed into the wind.
//
// Steer solves for the flight time T: in the air frame the goal moves with
// −Wind·t, and for each of the six Dubins words the first T at which the
// word's air-frame length to the drifted goal equals Airspeed·T is found by
// a bracketed 1-D root search; the earliest arrival over the words is flown.
// Words may carry up to two extra full turns on their first arc, so that a
// goal just behind the start in a tailwind-from-ahead can be reached by
// looping until the drift brings it ahead. The result is time-optimal among
// these candidates (not a proof of global optimality), is consistent (the ground track ends exactly at the goal) and is
// exactly Dubins at zero wind, where Steer delegates to Dubins.
//
// Headings in the states are air headings (where the nose, and so the
// camera, points), Dist is ground arc length (3D) and Time is air-frame
// horizontal length over Airspeed. Altitude follows Dubins: linear in time,
// limited by ClimbRate when it is > 0.
type Trochoid struct {
	Radius    float64 // minimum turn radius relative to the air, m
	Airspeed  float64 // m/s
	ClimbRate float64 // maximum vertical speed, m/s; 0 = unlimited
	Wind      Wind    // m/s; its speed must be below Airspeed
}

// Speed returns the airspeed.
func (m Trochoid) Speed() float64 { return m.Airspeed }

// Steer fills p with the time-optimal wind-drifted Dubins path from from to
// to, sampled every step metres of ground arc length or less (one state at
// the start of every segment), the goal last. It returns an error wrapping
// ErrWindTooStrong when the wind is not slower than the airspeed.
func (m Trochoid) Steer(p *Path, from, to Pose, step float64) error {
	return m.SteerLimited(p, from, to, step, math.Inf(1), math.Inf(1))
}

// SteerLimited fills p with the prefix of Steer's path that the LimitedSteerer
// contract asks for. The flight time is still solved for the whole path (the
// word depends on it), but nothing beyond the prefix is sampled.
func (m Trochoid) SteerLimited(p *Path, from, to Pose, step, maxDist, maxTime float64) error {
	if m.Wind == (Wind{}) {
		return Dubins{Radius: m.Radius, Airspeed: m.Airspeed, ClimbRate: m.ClimbRate}.SteerLimited(p, from, to, step, maxDist, maxTime)
	}
	p.Reset()
	if err := checkAir(m.Radius, m.Airspeed, m.ClimbRate, step); err != nil {
		return err
	}
	wn := m.Wind.Speed()
	if !(wn < m.Airspeed) {
		return fmt.Errorf("motion: wind %.3g m/s vs airspeed %.3g m/s: %w", wn, m.Airspeed, ErrWindTooStrong)
	}
	dx, dy := to.X-from.X, to.Y-from.Y
	if math.Hypot(dx, dy) <= segTol && AngleDiff(from.Heading, to.Heading) <= 1e-12 {
		p.States = append(p.States, from)
		p.Dist = append(p.Dist, 0)
		p.Time = append(p.Time, 0)
		return nil
	}
	w, seg, T, ok := m.arrival(dx, dy, from.Heading, to.Heading)
	if !ok {
		return fmt.Errorf("motion: no wind-drifted Dubins path from (%.6g, %.6g) to (%.6g, %.6g) in wind (%.3g, %.3g)",
			from.X, from.Y, to.X, to.Y, m.Wind.X, m.Wind.Y)
	}
	s := airSampler{from: from, to: to, radius: m.Radius, v: m.Airspeed, climb: m.ClimbRate, wind: m.Wind, step: step,
		maxDist: maxDist, maxTime: maxTime}
	s.run(p, w, seg, to.X-m.Wind.X*T, to.Y-m.Wind.Y*T)
	return nil
}

// arrival picks the word, its air-frame segment lengths and the flight time
// to a goal at ground offset (dx, dy): one straight or arc when that reaches
// it, else the earliest root over the words.
func (m Trochoid) arrival(dx, dy, h0, h1 float64) (Word, [3]float64, float64, bool) {
	if w, seg, t, ok := m.single(dx, dy, h0, h1); ok {
		return w, seg, t, true
	}
	return m.solve(dx, dy, h0, h1)
}

// single recognises a goal that one straight or one arc reaches exactly, as
// between consecutive states of a wind-drifted path. Its arrival time is a
// closed form, and the root search could not find it: drifting the goal
// sideways by a hair makes every word loop, so the word's gap touches zero
// at that time without changing sign.
func (m Trochoid) single(dx, dy, h0, h1 float64) (Word, [3]float64, float64, bool) {
	d := math.Hypot(dx, dy)
	tol := 1e-6 * math.Max(1, d)
	if AngleDiff(h0, h1) <= 1e-9 {
		// Straight: the ground velocity is the air velocity plus the wind.
		sh, ch := math.Sincos(h0)
		gx, gy := m.Airspeed*ch+m.Wind.X, m.Airspeed*sh+m.Wind.Y
		t := (dx*gx + dy*gy) / (gx*gx + gy*gy)
		if t > 0 && math.Hypot(dx-gx*t, dy-gy*t) <= tol {
			return LSL, [3]float64{0, m.Airspeed * t, 0}, t, true
		}
		return 0, [3]float64{}, 0, false
	}
	omega := m.Airspeed / m.Radius
	for _, w := range []Word{LSL, RSR} {
		turn := mod2pi(h1 - h0)
		sign := 1.0
		if w == RSR {
			turn, sign = mod2pi(h0-h1), -1
		}
		t := turn / omega
		// The air-frame displacement of an arc of angle turn on the left
		// (sign 1) or right (sign −1) circle, plus the drift over its time.
		s0, c0 := math.Sincos(h0)
		s1, c1 := math.Sincos(h0 + sign*turn)
		ax, ay := sign*m.Radius*(s1-s0), -sign*m.Radius*(c1-c0)
		if math.Hypot(dx-ax-m.Wind.X*t, dy-ay-m.Wind.Y*t) <= tol {
			return w, [3]float64{turn * m.Radius, 0, 0}, t, true
		}
	}
	return 0, [3]float64{}, 0, false
}

// maxLoops is the number of extra full turns a word may carry. A loop lets
// the drifted goal catch up, which is the only way to reach a goal just
// behind the start when the wind blows backwards; no Dubins word has one.
const maxLoops = 2

// lengths evaluates all six words to the goal as seen from the air frame at
// time t (goal offset (dx, dy) drifted by −wind·t) and stores
// Airspeed·t − length in g (NaN where the word has no solution).
func (m Trochoid) lengths(dx, dy, h0, h1, t float64, g *[6]float64) {
	pr := newDubinsProblem(dx-m.Wind.X*t, dy-m.Wind.Y*t, h0, h1, m.Radius)
	for w := LSL; w <= LRL; w++ {
		a, b, c, ok := pr.solve(w)
		if !ok {
			g[w] = math.NaN()
			continue
		}
		g[w] = m.Airspeed*t - (a+b+c)*m.Radius
	}
}

// gap is Airspeed·t − length of word w with loops extra turns at time t,
// and false when w has no solution then.
func (m Trochoid) gap(w Word, loops int, dx, dy, h0, h1, t float64) (float64, bool) {
	pr := newDubinsProblem(dx-m.Wind.X*t, dy-m.Wind.Y*t, h0, h1, m.Radius)
	a, b, c, ok := pr.solve(w)
	return m.Airspeed*t - (a+b+c+twoPi*float64(loops))*m.Radius, ok
}

// solve finds the earliest arrival: it marches t in steps of half a turn
// radius of flight, and in the first interval where some word's gap (with
// 0..maxLoops extra turns) changes sign from ≤ 0 to > 0 it refines every
// such root and keeps the earliest. A sign change caused by a word's arc
// wrapping past a full turn (a jump, not a root) is recognised by its large
// residual and skipped. Extra turns are flown on the first arc.
func (m Trochoid) solve(dx, dy, h0, h1 float64) (Word, [3]float64, float64, bool) {
	v := m.Airspeed
	h := m.Radius / (2 * v)
	loop := twoPi * m.Radius
	tMax := (math.Hypot(dx, dy)+(8*math.Pi+float64(maxLoops)*twoPi)*m.Radius)/(v-m.Wind.Speed()) + h
	var prev, cur [6]float64
	m.lengths(dx, dy, h0, h1, 0, &prev)
	for t0 := 0.0; t0 < tMax; t0 += h {
		t1 := t0 + h
		m.lengths(dx, dy, h0, h1, t1, &cur)
		best, bestLoops, bestT := Word(0), 0, math.Inf(1)
		for w := LSL; w <= LRL; w++ {
			for k := range maxLoops + 1 {
				extra := loop * float64(k)
				ga, gb := prev[w]-extra, cur[w]-extra
				if !(ga <= 0 && gb > 0) {
					continue
				}
				if r, ok := m.root(w, k, dx, dy, h0, h1, t0, t1, ga, gb); ok && r < bestT {
					best, bestLoops, bestT = w, k, r
				}
			}
		}
		if !math.IsInf(bestT, 1) {
			pr := newDubinsProblem(dx-m.Wind.X*bestT, dy-m.Wind.Y*bestT, h0, h1, m.Radius)
			a, b, c, _ := pr.solve(best)
			a += twoPi * float64(bestLoops)
			return best, [3]float64{a * m.Radius, b * m.Radius, c * m.Radius}, bestT, true
		}
		prev = cur
	}
	return 0, [3]float64{}, 0, false
}

// root refines a sign change of a gap on [a, b] with the Illinois variant of
// regula falsi, and reports false when the change is a jump.
func (m Trochoid) root(w Word, loops int, dx, dy, h0, h1, a, b, fa, fb float64) (float64, bool) {
	scale := m.Airspeed*b + m.Radius
	side := 0
	for range 100 {
		c := (a*fb - b*fa) / (fb - fa)
		if !(c > a && c < b) {
			c = (a + b) / 2
		}
		fc, ok := m.gap(w, loops, dx, dy, h0, h1, c)
		if !ok {
			return 0, false
		}
		if math.Abs(fc) <= 1e-12*scale || b-a <= 1e-14*b {
			return c, math.Abs(fc) <= 1e-7*scale
		}
		if fc > 0 {
			b, fb = c, fc
			if side == -1 {
				fa /= 2
			}
			side = -1
		} else {
			a, fa = c, fc
			if side == 1 {
				fb /= 2
			}
			side = 1
		}
	}
	return 0, false
}
