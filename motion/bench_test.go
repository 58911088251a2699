package motion

import (
	"math"
	"testing"

	"github.com/tigris-uav/tigris/geom"
)

// A typical planner edge: 500 m away, heading changed by 100°, 40 m states.
var benchFrom, benchTo = pose(0, 0, 110, 0), pose(400, 300, 50, 100*math.Pi/180)

func benchSteer(b *testing.B, m Model) {
	var p Path
	if err := m.Steer(&p, benchFrom, benchTo, 40); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := m.Steer(&p, benchFrom, benchTo, 40); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(p.States)), "states")
}

func BenchmarkDubinsSteer(b *testing.B) {
	benchSteer(b, Dubins{Radius: 100, Airspeed: 25})
}

func BenchmarkTrochoidSteer(b *testing.B) {
	benchSteer(b, Trochoid{Radius: 100, Airspeed: 25, Wind: Wind{X: 6, Y: -3}})
}

func BenchmarkMultirotorSteer(b *testing.B) {
	benchSteer(b, Multirotor{Airspeed: 5, YawRate: math.Pi / 2})
}

func BenchmarkShortestDubins(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ShortestDubins(benchFrom, benchTo, 100); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFirstInvalid(b *testing.B) {
	// Three circles and a concave polygon near a valid 500 m edge.
	v := mustValidator(b, []KeepOut{
		circle(200, -50, 30), circle(-100, 100, 50), circle(600, 600, 80),
		polygon(420, 0, 620, 0, 620, 200, 570, 200, 570, 50, 470, 50, 470, 200, 420, 200),
	}, nil, false)
	var p Path
	if err := (Dubins{Radius: 100, Airspeed: 25}).Steer(&p, benchFrom, benchTo, 40); err != nil {
		b.Fatal(err)
	}
	if got := v.FirstInvalid(&p); got != len(p.States) {
		b.Fatalf("edge invalid at state %d; the benchmark wants a full scan", got)
	}
	b.ReportAllocs()
	for b.Loop() {
		v.FirstInvalid(&p)
	}
}

// benchFar is a target at the planner's extend radius (1.5 km): the planner
// keeps at most extend_dist (500 m) of the edge.
var benchFar = pose(1200, 900, 50, -120*math.Pi/180)

// BenchmarkSteerLimited steers to benchFar in full (what the planner did
// before it passed its limits) and up to the 500 m it keeps.
func BenchmarkSteerLimited(b *testing.B) {
	models := []struct {
		name string
		m    Model
	}{
		{"dubins", Dubins{Radius: 100, Airspeed: 25}},
		{"trochoid", Trochoid{Radius: 100, Airspeed: 25, Wind: Wind{X: 6, Y: -3}}},
		{"multirotor", Multirotor{Airspeed: 5, YawRate: math.Pi / 2}},
	}
	for _, tt := range models {
		for _, limit := range []struct {
			name    string
			maxDist float64
		}{{"full", math.Inf(1)}, {"limited", 500}} {
			b.Run(tt.name+"/"+limit.name, func(b *testing.B) {
				var p Path
				steer := func() {
					if err := SteerLimited(tt.m, &p, benchFrom, benchFar, 40, limit.maxDist, math.Inf(1)); err != nil {
						b.Fatal(err)
					}
				}
				steer()
				b.ReportAllocs()
				for b.Loop() {
					steer()
				}
				b.ReportMetric(float64(len(p.States)), "states")
			})
		}
	}
}

// BenchmarkFirstInvalidFar checks a 500 m edge that passes far from a
// keep-out circle and a keep-out polygon, inside the concave bounds: the
// common case in the planner, which the whole-path tests settle at once.
func BenchmarkFirstInvalidFar(b *testing.B) {
	bounds := geom.Polygon{{X: -500, Y: -500}, {X: 4200, Y: -500}, {X: 5000, Y: 1800}, {X: 5000, Y: 5000},
		{X: 2600, Y: 5000}, {X: 1900, Y: 2900}, {X: -500, Y: 2600}}
	v := mustValidator(b, []KeepOut{
		circle(3600, 3500, 250),
		polygon(1000, 1000, 1400, 1000, 1200, 1500),
	}, bounds, true)
	var p Path
	if err := (Dubins{Radius: 100, Airspeed: 25}).Steer(&p, benchFrom, benchTo, 40); err != nil {
		b.Fatal(err)
	}
	if got := v.FirstInvalid(&p); got != len(p.States) {
		b.Fatalf("edge invalid at state %d; the benchmark wants a valid edge", got)
	}
	b.ReportAllocs()
	for b.Loop() {
		v.FirstInvalid(&p)
	}
}
