package motion

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
	"pgregory.net/rapid"
)

func pose(x, y, z, h float64) Pose { return Pose{Vec: r3.Vec{X: x, Y: y, Z: z}, Heading: h} }

// endOf integrates a Dubins path analytically from start.
func endOf(start Pose, dp DubinsPath) segStart {
	s := newSegStart(start.X, start.Y, start.Heading)
	for k := range 3 {
		s = advance(s, wordTurns[dp.Word][k], dp.Segments[k], dp.Radius)
	}
	return s
}

func TestDubinsWordLengths(t *testing.T) {
	const pi = math.Pi
	tests := []struct {
		name     string
		word     Word
		from, to Pose
		radius   float64
		want     float64 // hand-computed length
		shortest bool    // want is also the shortest path's length
	}{
		// Straight ahead: LSL and RSR with empty arcs.
		{"straight LSL", LSL, pose(0, 0, 0, 0), pose(400, 0, 0, 0), 100, 400, true},
		{"straight RSR", RSR, pose(0, 0, 0, 0), pose(400, 0, 0, 0), 100, 400, true},
		// Straight 200 m, then a quarter turn left of radius 100.
		{"straight then left", LSL, pose(0, 0, 0, 0), pose(300, 100, 0, pi/2), 100, 200 + 50*pi, true},
		// Mirror image: straight then a quarter turn right.
		{"straight then right", RSR, pose(0, 0, 0, 0), pose(300, -100, 0, -pi/2), 100, 200 + 50*pi, true},
		// Half a circle to the left, unit radius.
		{"U-turn left", LSL, pose(0, 0, 0, 0), pose(0, 2, 0, pi), 1, pi, true},
		// Quarter left, 2 up, quarter right: ends at (2, 4) heading east.
		{"LSR quarter-straight-quarter", LSR, pose(0, 0, 0, 0), pose(2, 4, 0, 0), 1, pi + 2, true},
		// Quarter right, 2 down, quarter left.
		{"RSL mirror", RSL, pose(0, 0, 0, 0), pose(2, -4, 0, 0), 1, pi + 2, true},
		// Quarter left, half right, quarter left ends 4 ahead: 2π, though the straight is shorter.
		{"LRL detour", LRL, pose(0, 0, 0, 0), pose(4, 0, 0, 0), 1, 2 * pi, false},
		{"RLR detour", RLR, pose(0, 0, 0, 0), pose(4, 0, 0, 0), 1, 2 * pi, false},
		// Scaled and translated: radius 50, start at (1000, -300) heading north.
		{"translated straight then left", LSL, pose(1000, -300, 0, pi/2), pose(950, -50, 0, pi), 50, 200 + 25*pi, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dp, ok := DubinsWord(tt.word, tt.from, tt.to, tt.radius)
			if !ok {
				t.Fatalf("word %v has no solution", tt.word)
			}
			if got := dp.Length(); math.Abs(got-tt.want) > 1e-9*tt.want {
				t.Errorf("%v length = %.12g, want %.12g (segments %v)", tt.word, got, tt.want, dp.Segments)
			}
			best, err := ShortestDubins(tt.from, tt.to, tt.radius)
			if err != nil {
				t.Fatal(err)
			}
			if tt.shortest && math.Abs(best.Length()-tt.want) > 1e-9*tt.want {
				t.Errorf("shortest = %v %.12g, want length %.12g", best.Word, best.Length(), tt.want)
			}
			if !tt.shortest && !(best.Length() < tt.want) {
				t.Errorf("shortest = %v %.12g, want below %.12g", best.Word, best.Length(), tt.want)
			}
		})
	}
}

func TestDubinsStraightThenTurn(t *testing.T) {
	var p Path
	m := Dubins{Radius: 100, Airspeed: 25}
	from, to := pose(0, 0, 50, 0), pose(300, 100, 50, math.Pi/2)
	if err := m.Steer(&p, from, to, 40); err != nil {
		t.Fatal(err)
	}
	// Straight 0..160 every 40, tangent point at 200, arc every 40, goal.
	if got, want := len(p.States), 10; got != want {
		t.Fatalf("%d states, want %d: %v", got, want, p.States)
	}
	if len(p.Straights) != 1 {
		t.Fatalf("%d straights, want 1", len(p.Straights))
	}
	s := p.Straights[0]
	want := Straight{Start: from, End: pose(200, 0, 50, 0), From: 0, To: 200}
	if !posesNear(s.Start, want.Start, 1e-9) || !posesNear(s.End, want.End, 1e-9) ||
		math.Abs(s.From-want.From) > 1e-9 || math.Abs(s.To-want.To) > 1e-9 {
		t.Errorf("straight = %+v, want %+v", s, want)
	}
	if p.States[5] != s.End || p.Dist[5] != s.To {
		t.Errorf("state 5 = %v at %v, want the tangent point %v at %v", p.States[5], p.Dist[5], s.End, s.To)
	}
	if got := p.Length(); math.Abs(got-(200+50*math.Pi)) > 1e-9 {
		t.Errorf("length %v, want 200+50π", got)
	}
	if got := p.Duration(); math.Abs(got-(200+50*math.Pi)/25) > 1e-12 {
		t.Errorf("duration %v, want length/25", got)
	}
}

func TestDubinsDiscretisation(t *testing.T) {
	m := Dubins{Radius: 100, Airspeed: 25}
	tests := []struct {
		name     string
		from, to Pose
		step     float64
		dists    []float64
	}{
		{"straight exact multiple", pose(0, 0, 50, 0), pose(200, 0, 50, 0), 40, []float64{0, 40, 80, 120, 160, 200}},
		{"straight with remainder", pose(0, 0, 50, 0), pose(100, 0, 50, 0), 40, []float64{0, 40, 80, 100}},
		{"shorter than a step", pose(0, 0, 50, 0), pose(10, 0, 50, 0), 40, []float64{0, 10}},
		{"same pose", pose(5, 5, 50, 1), pose(5, 5, 50, 1), 40, []float64{0}},
		{"same pose, other altitude", pose(5, 5, 50, 1), pose(5, 5, 80, 1), 40, []float64{0}},
		{"quarter arc", pose(0, 0, 50, 0), pose(100, 100, 50, math.Pi/2), 40, []float64{0, 40, 80, 120, 50 * math.Pi}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Path
			if err := m.Steer(&p, tt.from, tt.to, tt.step); err != nil {
				t.Fatal(err)
			}
			if len(p.Dist) != len(tt.dists) {
				t.Fatalf("dists %v, want %v", p.Dist, tt.dists)
			}
			for i := range p.Dist {
				if math.Abs(p.Dist[i]-tt.dists[i]) > 1e-9 {
					t.Fatalf("dists %v, want %v", p.Dist, tt.dists)
				}
			}
			if p.States[0] != tt.from {
				t.Errorf("first state %v, want %v", p.States[0], tt.from)
			}
		})
	}
}

func TestDubinsClimb(t *testing.T) {
	tests := []struct {
		name  string
		climb float64
		wantZ float64
	}{
		{"unlimited reaches goal", 0, 110},
		{"generous limit reaches goal", 10, 110},
		// 400 m at 25 m/s is 16 s; at 2 m/s the climb is 32 m.
		{"limit stops short", 2, 82},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Path
			m := Dubins{Radius: 100, Airspeed: 25, ClimbRate: tt.climb}
			if err := m.Steer(&p, pose(0, 0, 50, 0), pose(400, 0, 110, 0), 40); err != nil {
				t.Fatal(err)
			}
			last := p.States[len(p.States)-1]
			if math.Abs(last.Z-tt.wantZ) > 1e-9 || last.X != 400 || last.Y != 0 {
				t.Errorf("last state %v, want (400, 0, %v)", last, tt.wantZ)
			}
			if got := p.Duration(); math.Abs(got-16) > 1e-12 {
				t.Errorf("duration %v, want 16 s (climbing does not slow the horizontal speed)", got)
			}
			for i := 1; i < len(p.States); i++ {
				chord := r3.Norm(r3.Sub(p.States[i].Vec, p.States[i-1].Vec))
				dd := p.Dist[i] - p.Dist[i-1]
				if dd > 40+1e-9 || math.Abs(chord-dd) > 1e-9 {
					t.Errorf("step %d: 3D chord %v, dist %v", i, chord, dd)
				}
				vz := (p.States[i].Z - p.States[i-1].Z) / (p.Time[i] - p.Time[i-1])
				if tt.climb > 0 && vz > tt.climb+1e-9 {
					t.Errorf("step %d climbs at %v m/s", i, vz)
				}
			}
		})
	}
}

func TestDubinsErrors(t *testing.T) {
	var p Path
	for _, m := range []Dubins{{Radius: 0, Airspeed: 25}, {Radius: 100, Airspeed: 0}, {Radius: 100, Airspeed: 25, ClimbRate: -1}} {
		if err := m.Steer(&p, pose(0, 0, 0, 0), pose(100, 0, 0, 0), 40); err == nil {
			t.Errorf("%+v: no error", m)
		}
	}
	if err := (Dubins{Radius: 100, Airspeed: 25}).Steer(&p, pose(0, 0, 0, 0), pose(100, 0, 0, 0), 0); err == nil {
		t.Error("step 0: no error")
	}
	if _, err := ShortestDubins(pose(0, 0, 0, 0), pose(1, 0, 0, 0), -1); err == nil {
		t.Error("radius -1: no error")
	}
}

func TestWordString(t *testing.T) {
	if got := LSR.String(); got != "LSR" {
		t.Errorf("LSR.String() = %q", got)
	}
	if got := Word(9).String(); got != "Word(9)" {
		t.Errorf("Word(9).String() = %q", got)
	}
}

// genPose draws a pose in a 2 km square with any heading.
func genPose(t *rapid.T, label string) Pose {
	return pose(
		rapid.Float64Range(-1000, 1000).Draw(t, label+".x"),
		rapid.Float64Range(-1000, 1000).Draw(t, label+".y"),
		rapid.Float64Range(20, 120).Draw(t, label+".z"),
		rapid.Float64Range(-4*math.Pi, 4*math.Pi).Draw(t, label+".heading"),
	)
}

func TestDubinsWordsReachGoal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		from, to := genPose(t, "from"), genPose(t, "to")
		radius := rapid.Float64Range(1, 300).Draw(t, "radius")
		scale := radius + r3.Norm(r3.Sub(to.Vec, from.Vec))
		for w := LSL; w <= LRL; w++ {
			dp, ok := DubinsWord(w, from, to, radius)
			if !ok {
				continue
			}
			for k, l := range dp.Segments {
				if l < 0 || wordTurns[w][k] != 0 && l > 2*math.Pi*radius {
					t.Fatalf("%v segment %d = %v out of range", w, k, l)
				}
			}
			e := endOf(from, dp)
			// Arcs within 1e-7 rad of a full turn are snapped to none.
			if math.Hypot(e.x-to.X, e.y-to.Y) > 2e-7*scale || AngleDiff(e.h, to.Heading) > 2e-7 {
				t.Fatalf("%v ends at (%v, %v, %v), want %v", w, e.x, e.y, e.h, to)
			}
		}
	})
}

func TestDubinsSteerProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		from, to := genPose(t, "from"), genPose(t, "to")
		level := rapid.Bool().Draw(t, "level")
		if level {
			to.Z = from.Z
		}
		radius := rapid.Float64Range(5, 300).Draw(t, "radius")
		step := rapid.Float64Range(1, 200).Draw(t, "step")
		m := Dubins{Radius: radius, Airspeed: 25}
		var p Path
		if err := m.Steer(&p, from, to, step); err != nil {
			t.Fatal(err)
		}
		n := len(p.States)
		if n == 1 {
			checkCommon(t, &p, from, step, 0)
			return
		}
		last := p.States[n-1]
		if last.X != to.X || last.Y != to.Y || last.Heading != to.Heading || last.Z != to.Z {
			t.Fatalf("last state %v, want %v", last, to)
		}
		best, _ := ShortestDubins(from, to, radius)
		horiz := math.Hypot(to.X-from.X, to.Y-from.Y)
		if best.Length() < horiz-2e-7*radius { // goals within 1e-7·R behind are not looped to
			t.Fatalf("length %v below the straight-line distance %v", best.Length(), horiz)
		}
		if p.Length() < r3.Norm(r3.Sub(to.Vec, from.Vec))-1e-9 {
			t.Fatalf("3D length %v below the 3D distance", p.Length())
		}
		k3 := math.Hypot(1, (to.Z-from.Z)/best.Length())
		checkCommon(t, &p, from, step, 3*segTol*k3)
		if math.Abs(p.Length()-best.Length()*k3) > 1e-9*p.Length() {
			t.Fatalf("length %v, want %v·%v", p.Length(), best.Length(), k3)
		}
		for i := 1; i < n; i++ {
			dd := p.Dist[i] - p.Dist[i-1]
			// Curvature: the heading turns at most 1/R per horizontal metre.
			// Absent segments (up to segTol each) may hide inside a step.
			if turn := AngleDiff(p.States[i].Heading, p.States[i-1].Heading); turn > (dd/k3+3*segTol)/radius+1e-9 {
				t.Fatalf("state %d turns %v rad over %v m (R %v)", i, turn, dd/k3, radius)
			}
		}
		// A state per non-empty segment start (but the first) plus the samples.
		want := 2
		for k, l := range best.Segments {
			if l <= segTol {
				continue
			}
			if k > 0 && sum(best.Segments[:k]) > segTol {
				want++
			}
			want += int(math.Ceil((l-segTol)/(step/k3))) - 1
		}
		if n != want {
			t.Fatalf("%d states, want %d (segments %v, step %v)", n, want, best.Segments, step)
		}
	})
}

func posesNear(a, b Pose, tol float64) bool {
	return r3.Norm(r3.Sub(a.Vec, b.Vec)) <= tol && AngleDiff(a.Heading, b.Heading) <= tol
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

// checkCommon checks what every model promises: the first state is exactly
// the start, arc length never decreases and grows at most one step (and at
// least the chord) between states, time never decreases. Slack is what
// absent segments (each up to segTol horizontally) may add to a step.
func checkCommon(t *rapid.T, p *Path, from Pose, step, slack float64) {
	n := len(p.States)
	if n == 0 || len(p.Dist) != n || len(p.Time) != n {
		t.Fatalf("lengths: %d states, %d dists, %d times", n, len(p.Dist), len(p.Time))
	}
	if p.States[0] != from || p.Dist[0] != 0 || p.Time[0] != 0 {
		t.Fatalf("first state %v at %v m %v s, want %v at 0", p.States[0], p.Dist[0], p.Time[0], from)
	}
	for i := 1; i < n; i++ {
		dd := p.Dist[i] - p.Dist[i-1]
		chord := r3.Norm(r3.Sub(p.States[i].Vec, p.States[i-1].Vec))
		if dd < 0 || dd > step*(1+1e-9)+slack || chord > dd*(1+1e-6)+slack+1e-9 {
			t.Fatalf("state %d: dist step %v (step %v), chord %v", i, dd, step, chord)
		}
		if p.Time[i] < p.Time[i-1] {
			t.Fatalf("state %d: time goes back", i)
		}
		if h := p.States[i].Heading; i < n-1 && (h < -math.Pi || h >= math.Pi) {
			t.Fatalf("state %d heading %v outside [-π, π)", i, h)
		}
	}
	for j, s := range p.Straights {
		if s.From >= s.To || s.To > p.Length()+1e-9 {
			t.Fatalf("straight %d spans [%v, %v]", j, s.From, s.To)
		}
		if AngleDiff(s.Start.Heading, s.End.Heading) > 1e-6 { // an arc below segTol is absent
			t.Fatalf("straight %d turns: %v → %v", j, s.Start.Heading, s.End.Heading)
		}
		if !hasState(p, s.Start, s.From) || !hasState(p, s.End, s.To) {
			t.Fatalf("straight %d ends are not states: %+v", j, s)
		}
	}
}

func hasState(p *Path, s Pose, d float64) bool {
	for i := range p.States {
		if p.States[i] == s && p.Dist[i] == d {
			return true
		}
	}
	return false
}

func roundPose(p Pose) Pose {
	r := func(v, q float64) float64 { return math.Round(v/q) * q }
	return pose(r(p.X, 1e-3), r(p.Y, 1e-3), p.Z, r(p.Heading, 1e-6))
}

func mirrored(p Pose) Pose { return pose(p.X, -p.Y, p.Z, -p.Heading) }

var mirror = [6]Word{LSL: RSR, RSR: LSL, LSR: RSL, RSL: LSR, RLR: LRL, LRL: RLR}

func TestDubinsReflectionSymmetry(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Poses on a millimetre grid: nearly coincident ones are
		// ill-conditioned and would only test rounding.
		from, to := roundPose(genPose(t, "from")), roundPose(genPose(t, "to"))
		radius := rapid.Float64Range(1, 300).Draw(t, "radius")
		for w := LSL; w <= LRL; w++ {
			a, aok := DubinsWord(w, from, to, radius)
			b, bok := DubinsWord(mirror[w], mirrored(from), mirrored(to), radius)
			if aok != bok {
				t.Fatalf("%v exists %v, mirrored %v exists %v", w, aok, mirror[w], bok)
			}
			if !aok {
				continue
			}
			for k := range 3 {
				// A segment may come out as ~0 on one side and ~2πR on the
				// other; nearly coincident poses are ill-conditioned, hence 1e-5.
				d := math.Abs(a.Segments[k] - b.Segments[k])
				if d > 1e-5*(radius+a.Length()) && math.Abs(d-2*math.Pi*radius) > 1e-5*(radius+a.Length()) {
					t.Fatalf("%v %v vs mirrored %v %v", w, a.Segments, mirror[w], b.Segments)
				}
			}
		}
		a, _ := ShortestDubins(from, to, radius)
		b, _ := ShortestDubins(mirrored(from), mirrored(to), radius)
		if math.Abs(a.Length()-b.Length()) > 1e-5*(radius+a.Length()) {
			t.Fatalf("shortest %v %v vs mirrored %v %v", a.Word, a.Length(), b.Word, b.Length())
		}
	})
}

// Steering between consecutive states of a Dubins path (points on one turning
// circle, up to rounding) follows the circle: it never adds a loop.
func TestDubinsBetweenConsecutiveStatesHasNoLoop(t *testing.T) {
	d := Dubins{Radius: 100, Airspeed: 25}
	var path, leg Path
	goals := []Pose{
		{Vec: r3.Vec{X: 400, Y: 300, Z: 50}, Heading: 100 * math.Pi / 180},
		{Vec: r3.Vec{X: -250, Y: 420, Z: 50}, Heading: -2.5},
		{Vec: r3.Vec{X: 30, Y: -380, Z: 50}, Heading: 1.2},
	}
	for _, goal := range goals {
		start := Pose{Vec: r3.Vec{X: 0, Y: 0, Z: 50}}
		if err := d.Steer(&path, start, goal, 40); err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(path.States); i++ {
			if err := d.Steer(&leg, path.States[i-1], path.States[i], 40); err != nil {
				t.Fatal(err)
			}
			if want := path.Dist[i] - path.Dist[i-1]; leg.Length() > want+1e-6 {
				t.Errorf("goal %v, leg %d: re-steered length %.3f m, the path's own %.3f m", goal, i, leg.Length(), want)
			}
		}
	}
}
