package motion

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
	"pgregory.net/rapid"
)

func TestTrochoidZeroWindIsDubins(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		from, to := genPose(t, "from"), genPose(t, "to")
		step := rapid.Float64Range(5, 100).Draw(t, "step")
		var a, b Path
		if err := (Dubins{Radius: 100, Airspeed: 25, ClimbRate: 3}).Steer(&a, from, to, step); err != nil {
			t.Fatal(err)
		}
		if err := (Trochoid{Radius: 100, Airspeed: 25, ClimbRate: 3}).Steer(&b, from, to, step); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("zero-wind trochoid differs from Dubins")
		}
	})
}

func TestTrochoidStraightWind(t *testing.T) {
	tests := []struct {
		name     string
		wind     Wind
		duration float64
	}{
		{"tailwind", Wind{X: 5}, 1000.0 / 30},
		{"headwind", Wind{X: -5}, 1000.0 / 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Path
			m := Trochoid{Radius: 100, Airspeed: 25, Wind: tt.wind}
			if err := m.Steer(&p, pose(0, 0, 50, 0), pose(1000, 0, 50, 0), 40); err != nil {
				t.Fatal(err)
			}
			if got := p.Duration(); math.Abs(got-tt.duration) > 1e-9 {
				t.Errorf("duration %v, want %v", got, tt.duration)
			}
			if got := p.Length(); math.Abs(got-1000) > 1e-9 {
				t.Errorf("ground length %v, want 1000", got)
			}
			if len(p.Straights) != 1 || p.Straights[0].To != p.Length() {
				t.Errorf("straights %+v, want one over the whole path", p.Straights)
			}
			for i := 1; i < len(p.States); i++ {
				if p.States[i].Y != 0 || p.Dist[i]-p.Dist[i-1] > 40+1e-9 {
					t.Fatalf("state %d = %v at %v m", i, p.States[i], p.Dist[i])
				}
			}
		})
	}
}

func TestTrochoidCrosswindIsSlower(t *testing.T) {
	var p Path
	m := Trochoid{Radius: 100, Airspeed: 25, Wind: Wind{Y: 5}}
	if err := m.Steer(&p, pose(0, 0, 50, 0), pose(1000, 0, 50, 0), 40); err != nil {
		t.Fatal(err)
	}
	// Crabbing the whole way would take 1000/√(25²−5²) s; the nose must
	// also turn into the wind and back, which costs a little more.
	crab := 1000 / math.Sqrt(25*25-5*5)
	if got := p.Duration(); got < crab || got > crab+2 {
		t.Errorf("duration %v, want a little above %v", got, crab)
	}
}

func TestTrochoidWindTooStrong(t *testing.T) {
	var p Path
	for _, w := range []Wind{{X: 25}, {X: 20, Y: 20}} {
		err := Trochoid{Radius: 100, Airspeed: 25, Wind: w}.Steer(&p, pose(0, 0, 50, 0), pose(1000, 0, 50, 0), 40)
		if !errors.Is(err, ErrWindTooStrong) {
			t.Errorf("wind %v: err = %v, want ErrWindTooStrong", w, err)
		}
	}
}

func TestTrochoidProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		from, to := genPose(t, "from"), genPose(t, "to")
		if rapid.Bool().Draw(t, "level") {
			to.Z = from.Z
		}
		const v = 25.0
		ws := rapid.Float64Range(0.1, 0.95*v).Draw(t, "wind speed")
		wa := rapid.Float64Range(-math.Pi, math.Pi).Draw(t, "wind angle")
		wind := Wind{X: ws * math.Cos(wa), Y: ws * math.Sin(wa)}
		radius := rapid.Float64Range(20, 200).Draw(t, "radius")
		step := rapid.Float64Range(5, 100).Draw(t, "step")
		m := Trochoid{Radius: radius, Airspeed: v, Wind: wind}
		var p Path
		if err := m.Steer(&p, from, to, step); err != nil {
			t.Fatal(err)
		}
		n := len(p.States)
		if n == 1 {
			checkCommon(t, &p, from, step, 0)
			return
		}
		// Absent segments (≤ segTol of air path each) stretch by the climb.
		checkCommon(t, &p, from, step, 3*segTol*math.Hypot(1, (to.Z-from.Z)/p.Duration()/(v-ws)))
		if last := p.States[n-1]; last != to {
			t.Fatalf("last state %v, want %v", last, to)
		}
		// The air path, drifted by the wind for the flight time, ends at the goal.
		w, seg, T, ok := m.arrival(to.X-from.X, to.Y-from.Y, from.Heading, to.Heading)
		if !ok {
			t.Fatal("no solution")
		}
		e := newSegStart(from.X, from.Y, from.Heading)
		for k := range 3 {
			e = advance(e, wordTurns[w][k], seg[k], radius)
		}
		scale := radius + math.Hypot(to.X-from.X, to.Y-from.Y)
		if gx, gy := e.x+wind.X*T, e.y+wind.Y*T; math.Hypot(gx-to.X, gy-to.Y) > 1e-6*scale || AngleDiff(e.h, to.Heading) > 1e-7 {
			t.Fatalf("drifted air path ends at (%v, %v, %v), want %v", gx, gy, e.h, to)
		}
		if math.Abs(p.Duration()-T) > 1e-9*T+1e-10*radius/v { // the root's tolerance scales with R
			t.Fatalf("duration %v, want %v", p.Duration(), T)
		}
		vz := (to.Z - from.Z) / T
		for i := 1; i < n; i++ {
			dt := p.Time[i] - p.Time[i-1]
			dd := p.Dist[i] - p.Dist[i-1]
			if dt <= 0 {
				t.Fatalf("state %d: time step %v", i, dt)
			}
			// Ground speed between the slowest (into the wind) and fastest.
			if gs := dd / dt; gs < math.Hypot(v-ws, vz)*(1-1e-6) || gs > math.Hypot(v+ws, vz)*(1+1e-6) {
				t.Fatalf("state %d: ground speed %v outside [%v, %v]", i, gs, v-ws, v+ws)
			}
			a, b := p.States[i-1], p.States[i]
			if math.Abs(b.Z-a.Z-vz*dt) > 1e-6 {
				t.Fatalf("state %d: climbs %v in %v s, want %v m/s", i, b.Z-a.Z, dt, vz)
			}
			// On a straight the nose points into the wind so that air
			// velocity plus wind is the ground track.
			if AngleDiff(a.Heading, b.Heading) < 1e-12 && i < n-1 {
				gx, gy := v*math.Cos(a.Heading)+wind.X, v*math.Sin(a.Heading)+wind.Y
				dx, dy := b.X-a.X, b.Y-a.Y
				if math.Abs(gx*dy-gy*dx) > 1e-6*math.Hypot(gx, gy)*math.Hypot(dx, dy)+1e-9 {
					t.Fatalf("state %d: track (%v, %v) is not along ground velocity (%v, %v)", i, dx, dy, gx, gy)
				}
				if math.Abs(math.Hypot(dx, dy)-math.Hypot(gx, gy)*dt) > 1e-6*dd+1e-9 {
					t.Fatalf("state %d: straight covers %v m in %v s", i, math.Hypot(dx, dy), dt)
				}
			}
		}
	})
}

func TestTrochoidGroundLengthConverges(t *testing.T) {
	// The ground arc length of a turn in wind has no closed form; Simpson's
	// rule per step must agree with a fine chord sum.
	m := Trochoid{Radius: 100, Airspeed: 25, Wind: Wind{X: 8, Y: -3}}
	from, to := pose(0, 0, 50, 0), pose(-50, 300, 50, math.Pi)
	var coarse, fine Path
	if err := m.Steer(&coarse, from, to, 40); err != nil {
		t.Fatal(err)
	}
	if err := m.Steer(&fine, from, to, 0.05); err != nil {
		t.Fatal(err)
	}
	chords := 0.0
	for i := 1; i < len(fine.States); i++ {
		chords += r3.Norm(r3.Sub(fine.States[i].Vec, fine.States[i-1].Vec))
	}
	if d := math.Abs(coarse.Length() - chords); d > 1e-4*chords {
		t.Errorf("ground length %v with 40 m steps, fine chord sum %v", coarse.Length(), chords)
	}
	if d := math.Abs(fine.Length() - chords); d > 1e-5*chords {
		t.Errorf("ground length %v with 5 cm steps, fine chord sum %v", fine.Length(), chords)
	}
}

func TestTrochoidLoopsWhenGoalIsBehind(t *testing.T) {
	// The goal is 0.5 m behind with the same heading and the wind blows
	// backwards: the only way is a full loop while the drift carries the
	// goal ahead, then a straight: 2πR + (13.5·T − 0.5) = 25·T.
	m := Trochoid{Radius: 20, Airspeed: 25, Wind: Wind{X: -13.5}}
	var p Path
	if err := m.Steer(&p, pose(1.5, 0, 50, 0), pose(1, 0, 50, 0), 5); err != nil {
		t.Fatal(err)
	}
	want := (2*math.Pi*20 - 0.5) / 11.5
	if got := p.Duration(); math.Abs(got-want) > 1e-9 {
		t.Errorf("duration %v, want %v", got, want)
	}
}

// Steering between consecutive states of a wind-drifted path (one straight
// or one arc apart) flies just that piece: the root search alone would miss
// it and loop (it once made 35 of 62 such legs 20× too long).
func TestTrochoidBetweenConsecutiveStates(t *testing.T) {
	m := Trochoid{Radius: 100, Airspeed: 25, Wind: Wind{X: 5, Y: 2}}
	var path, leg Path
	for _, goal := range []Pose{
		{Vec: r3.Vec{X: 400, Y: 300, Z: 50}, Heading: 1.7},
		{Vec: r3.Vec{X: -250, Y: 420, Z: 50}, Heading: -2.5},
		{Vec: r3.Vec{X: 30, Y: -380, Z: 50}, Heading: 1.2},
	} {
		if err := m.Steer(&path, Pose{Vec: r3.Vec{Z: 50}}, goal, 40); err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(path.States); i++ {
			if err := m.Steer(&leg, path.States[i-1], path.States[i], 40); err != nil {
				t.Fatal(err)
			}
			if want := path.Dist[i] - path.Dist[i-1]; math.Abs(leg.Length()-want) > 1e-3*math.Max(1, want) {
				t.Errorf("goal %v, leg %d: re-steered %.3f m, the path's own piece %.3f m", goal, i, leg.Length(), want)
			}
			last := leg.States[len(leg.States)-1]
			if math.Hypot(last.X-path.States[i].X, last.Y-path.States[i].Y) > 1e-6 {
				t.Errorf("goal %v, leg %d does not end at the state", goal, i)
			}
		}
	}
}
