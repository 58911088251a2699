package reward_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/tigris-uav/tigris/reward"
)

// The reference's fixed-wing scale: a 5 km square in 30 m cells.
const benchMap, benchRes = 4980, 30

func BenchmarkVertexGain(b *testing.B) {
	e := evaluator(b, uniformGrid(benchMap, benchRes, 0.5), fixedWingSensor(b), reward.Config{})
	v := reward.Visit{Pose: pose(2500, 2500, 50, 0.3)}
	var d reward.Delta
	b.ReportAllocs()
	for b.Loop() {
		e.Gain(nil, v, &d)
	}
	b.ReportMetric(float64(d.Len()), "cells")
}

// A node at the end of a 500 m straight (edge + vertex), along an axis and
// diagonally.
func BenchmarkEdgeGain(b *testing.B) {
	for _, tt := range []struct {
		name string
		psi  float64
	}{{"axis", 0}, {"diagonal", math.Pi / 4}} {
		b.Run(tt.name, func(b *testing.B) {
			e := evaluator(b, uniformGrid(benchMap, benchRes, 0.5), fixedWingSensor(b), reward.Config{})
			from := pose(2000, 2000, 50, tt.psi)
			v := straightVisit(from, pose(2000+500*math.Cos(tt.psi), 2000+500*math.Sin(tt.psi), 50, tt.psi))
			var d reward.Delta
			b.ReportAllocs()
			for b.Loop() {
				e.Gain(nil, v, &d)
			}
			b.ReportMetric(float64(d.Len()), "cells")
		})
	}
}

// Gain of a node at the end of a 1000-node branch: a random flight of
// 100–500 m straights bouncing inside the map, so the branch crosses the
// node's cells many times ("revisit"), or the same branch with the node in a
// corner no ancestor saw, so every delta is consulted ("fresh").
func BenchmarkBranchLookup1000(b *testing.B) {
	e := evaluator(b, uniformGrid(benchMap, benchRes, 0.5), fixedWingSensor(b), reward.Config{})
	rng := rand.New(rand.NewPCG(1, 2))
	p := pose(2500, 2500, 50, 0)
	var branch []*reward.Delta // nearest first, built root first
	cells := 0
	for range 1000 {
		var q = p
		for {
			psi := rng.Float64()*2*math.Pi - math.Pi
			l := 100 + 400*rng.Float64()
			q = pose(p.X+l*math.Cos(psi), p.Y+l*math.Sin(psi), 50, psi)
			if q.X > 300 && q.X < benchMap-300 && q.Y > 300 && q.Y < benchMap-300 {
				break
			}
		}
		d := new(reward.Delta)
		e.Gain(branch, straightVisit(p, q), d)
		cells += d.Len()
		branch = append([]*reward.Delta{d}, branch...)
		p = q
	}
	for _, tt := range []struct {
		name string
		v    reward.Visit
	}{
		{"revisit", straightVisit(pose(2200, 2500, 50, 0), pose(2500, 2500, 50, 0))},
		{"fresh", straightVisit(pose(10, 10, 50, 0), pose(80, 10, 50, 0))},
	} {
		b.Run(tt.name, func(b *testing.B) {
			var d reward.Delta
			b.ReportAllocs()
			for b.Loop() {
				e.Gain(branch, tt.v, &d)
			}
			b.ReportMetric(float64(cells)/1000, "cells/delta")
		})
	}
}

func BenchmarkSampleWeights(b *testing.B) {
	e := evaluator(b, uniformGrid(benchMap, benchRes, 0.5), fixedWingSensor(b), reward.Config{})
	w := e.SampleWeights(nil, 76.1)
	b.ReportAllocs()
	for b.Loop() {
		w = e.SampleWeights(w, 76.1)
	}
}

// The node of BenchmarkEdgeGain/diagonal with every term on: detection and
// revisit keep the miss layer, the standoff measures its 13 edge states
// against a fixed point and 20 detections, the pose banks.
func BenchmarkEdgeGainAllTerms(b *testing.B) {
	for _, tt := range []struct {
		name string
		cfg  reward.Config
	}{{"entropy", reward.Config{}}, {"all", allTerms()}} {
		b.Run(tt.name, func(b *testing.B) {
			e := evaluator(b, uniformGrid(benchMap, benchRes, 0.5), fixedWingSensor(b), tt.cfg)
			var ds []reward.Detection
			for k := range 20 {
				ds = append(ds, reward.Detection{Pos: r2v(2000+25*float64(k), 2000+20*float64(k)), Time: float64(k)})
			}
			e.SetDetections(30, ds)
			psi := math.Pi / 4
			from := pose(2000, 2000, 50, psi)
			to := pose(2000+500*math.Cos(psi), 2000+500*math.Sin(psi), 50, psi)
			v := straightVisit(from, to)
			v.Turning = true
			for k := range 13 {
				f := float64(k) / 12
				v.Edge = append(v.Edge, pose(from.X+f*(to.X-from.X), from.Y+f*(to.Y-from.Y), 50, psi))
			}
			var d reward.Delta
			terms := make([]float64, len(tt.cfg.ActiveTerms()))
			b.ReportAllocs()
			for b.Loop() {
				e.GainTerms(nil, v, &d, terms)
			}
			b.ReportMetric(float64(d.Len()), "cells")
		})
	}
}

func BenchmarkSampleWeightsAllTerms(b *testing.B) {
	e := evaluator(b, uniformGrid(benchMap, benchRes, 0.5), fixedWingSensor(b), allTerms())
	e.SetDetections(30, []reward.Detection{{Pos: r2v(2000, 2000), Time: 10}, {Pos: r2v(3000, 1000), Time: 20}})
	w := e.SampleWeights(nil, 76.1)
	b.ReportAllocs()
	for b.Loop() {
		w = e.SampleWeights(w, 76.1)
	}
}

// The bound of BenchmarkEdgeGain/diagonal's node, and that bound followed
// by the node's gain, as a planner scores an extension it cannot drop.
func BenchmarkBound(b *testing.B) {
	e := evaluator(b, uniformGrid(benchMap, benchRes, 0.5), fixedWingSensor(b), reward.Config{})
	psi := math.Pi / 4
	from := pose(2000, 2000, 50, psi)
	v := straightVisit(from, pose(2000+500*math.Cos(psi), 2000+500*math.Sin(psi), 50, psi))
	b.Run("bound", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			e.Bound(nil, v)
		}
	})
	b.Run("bound+gain", func(b *testing.B) {
		var d reward.Delta
		b.ReportAllocs()
		for b.Loop() {
			e.Bound(nil, v)
			e.Gain(nil, v, &d)
		}
	})
}
