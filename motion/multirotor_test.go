package motion

import (
	"errors"
	"math"
	"testing"

	"pgregory.net/rapid"
)

func TestMultirotorSteer(t *testing.T) {
	const pi = math.Pi
	type st struct{ x, y, z, h, dist, time float64 }
	tests := []struct {
		name       string
		m          Multirotor
		from, to   Pose
		want       []st
		straight   bool
		sFrom, sTo int // indices of the straight's end states
	}{
		{
			name: "turn, fly, turn",
			m:    Multirotor{Airspeed: 5, YawRate: pi / 2},
			from: pose(0, 0, 30, pi/2), to: pose(100, 0, 30, pi/2),
			want: []st{
				{0, 0, 30, pi / 2, 0, 0},
				{0, 0, 30, 0, 0, 1},
				{40, 0, 30, 0, 40, 9},
				{80, 0, 30, 0, 80, 17},
				{100, 0, 30, 0, 100, 21},
				{100, 0, 30, pi / 2, 100, 22},
			},
			straight: true, sFrom: 1, sTo: 4,
		},
		{
			name: "already facing, instant yaw",
			m:    Multirotor{Airspeed: 5},
			from: pose(0, 0, 30, 0), to: pose(50, 0, 30, 0),
			want: []st{
				{0, 0, 30, 0, 0, 0},
				{40, 0, 30, 0, 40, 8},
				{50, 0, 30, 0, 50, 10},
			},
			straight: true, sFrom: 0, sTo: 2,
		},
		{
			name: "turn in place only",
			m:    Multirotor{Airspeed: 5, YawRate: pi / 4},
			from: pose(3, 4, 30, 0), to: pose(3, 4, 30, -pi/2),
			want: []st{{3, 4, 30, 0, 0, 0}, {3, 4, 30, -pi / 2, 0, 2}},
		},
		{
			name: "same pose",
			m:    Multirotor{Airspeed: 5},
			from: pose(3, 4, 30, 1), to: pose(3, 4, 30, 1),
			want: []st{{3, 4, 30, 1, 0, 0}},
		},
		{
			name: "climb limited by climb rate",
			m:    Multirotor{Airspeed: 5, ClimbRate: 2},
			from: pose(0, 0, 30, 0), to: pose(0, 0, 60, 0),
			want: []st{{0, 0, 30, 0, 0, 0}, {0, 0, 60, 0, 30, 15}},
		},
		{
			name: "tailwind",
			m:    Multirotor{Airspeed: 5, Wind: Wind{X: 3}},
			from: pose(0, 0, 30, 0), to: pose(80, 0, 30, 0),
			want:     []st{{0, 0, 30, 0, 0, 0}, {40, 0, 30, 0, 40, 5}, {80, 0, 30, 0, 80, 10}},
			straight: true, sFrom: 0, sTo: 2,
		},
		{
			name: "crosswind",
			m:    Multirotor{Airspeed: 5, Wind: Wind{Y: 3}},
			from: pose(0, 0, 30, 0), to: pose(40, 0, 30, 0),
			want:     []st{{0, 0, 30, 0, 0, 0}, {40, 0, 30, 0, 40, 10}},
			straight: true, sFrom: 0, sTo: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Path
			if err := tt.m.Steer(&p, tt.from, tt.to, 40); err != nil {
				t.Fatal(err)
			}
			if len(p.States) != len(tt.want) {
				t.Fatalf("%d states %v, want %d", len(p.States), p.States, len(tt.want))
			}
			for i, w := range tt.want {
				s := p.States[i]
				if !posesNear(s, pose(w.x, w.y, w.z, w.h), 1e-12) || math.Abs(p.Dist[i]-w.dist) > 1e-12 || math.Abs(p.Time[i]-w.time) > 1e-12 {
					t.Errorf("state %d = %v at %v m, %v s; want %+v", i, s, p.Dist[i], p.Time[i], w)
				}
			}
			if p.States[0] != tt.from || p.States[len(p.States)-1] != tt.to {
				t.Errorf("ends %v … %v, want exactly %v … %v", p.States[0], p.States[len(p.States)-1], tt.from, tt.to)
			}
			if !tt.straight {
				if len(p.Straights) != 0 {
					t.Errorf("straights %+v, want none", p.Straights)
				}
				return
			}
			want := Straight{Start: p.States[tt.sFrom], End: p.States[tt.sTo], From: p.Dist[tt.sFrom], To: p.Dist[tt.sTo]}
			if len(p.Straights) != 1 || p.Straights[0] != want {
				t.Errorf("straights %+v, want [%+v]", p.Straights, want)
			}
		})
	}
}

func TestMultirotorErrors(t *testing.T) {
	var p Path
	from, to := pose(0, 0, 30, 0), pose(10, 0, 30, 0)
	for _, m := range []Multirotor{{Airspeed: 0}, {Airspeed: 5, YawRate: -1}, {Airspeed: 5, ClimbRate: -1}} {
		if err := m.Steer(&p, from, to, 40); err == nil {
			t.Errorf("%+v: no error", m)
		}
	}
	if err := (Multirotor{Airspeed: 5}).Steer(&p, from, to, -1); err == nil {
		t.Error("step -1: no error")
	}
	if err := (Multirotor{Airspeed: 5, Wind: Wind{X: 5}}).Steer(&p, from, to, 40); !errors.Is(err, ErrWindTooStrong) {
		t.Errorf("wind = airspeed: err = %v", err)
	}
}

func TestMultirotorProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		from, to := genPose(t, "from"), genPose(t, "to")
		m := Multirotor{
			Airspeed:  rapid.Float64Range(1, 20).Draw(t, "speed"),
			YawRate:   rapid.Float64Range(0, 3).Draw(t, "yaw rate"),
			ClimbRate: rapid.Float64Range(0, 5).Draw(t, "climb rate"),
		}
		// Near-zero rates make some times so long that others vanish in rounding.
		if m.ClimbRate < 0.1 {
			m.ClimbRate = 0
		}
		if m.YawRate < 0.01 {
			m.YawRate = 0
		}
		m.Wind = Wind{X: rapid.Float64Range(-0.6, 0.6).Draw(t, "wind x") * m.Airspeed, Y: rapid.Float64Range(-0.6, 0.6).Draw(t, "wind y") * m.Airspeed}
		step := rapid.Float64Range(1, 100).Draw(t, "step")
		var p Path
		if err := m.Steer(&p, from, to, step); err != nil {
			t.Fatal(err)
		}
		checkCommon(t, &p, from, step, segTol) // the last sample may be up to segTol short of the goal
		n := len(p.States)
		if n > 1 && p.States[n-1] != to {
			t.Fatalf("last state %v, want %v", p.States[n-1], to)
		}
		d3 := math.Sqrt((to.X-from.X)*(to.X-from.X) + (to.Y-from.Y)*(to.Y-from.Y) + (to.Z-from.Z)*(to.Z-from.Z))
		if math.Abs(p.Length()-d3) > 1e-9*(1+d3) {
			t.Fatalf("length %v, want the 3D distance %v", p.Length(), d3)
		}
		for i := 1; i < n; i++ {
			dz := math.Abs(p.States[i].Z - p.States[i-1].Z)
			dt := p.Time[i] - p.Time[i-1]
			if m.ClimbRate > 0 && dz > m.ClimbRate*dt*(1+1e-9)+1e-9 {
				t.Fatalf("state %d climbs %v m in %v s", i, dz, dt)
			}
			turn := AngleDiff(p.States[i].Heading, p.States[i-1].Heading)
			if turn > turnTol && p.Dist[i]-p.Dist[i-1] > segTol { // moves below segTol are absent
				t.Fatalf("state %d turns %v while moving", i, turn)
			}
			if m.YawRate > 0 && turn > m.YawRate*dt*(1+1e-9)+1e-12 {
				t.Fatalf("state %d turns %v rad in %v s", i, turn, dt)
			}
		}
	})
}
