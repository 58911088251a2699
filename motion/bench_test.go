package motion

import (
	"math"
	"testing"
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
