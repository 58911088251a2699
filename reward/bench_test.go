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
