package planner

import (
	"context"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

// everyTerm5k is every kind of term on the 5 km mission: standoff around a
// point of the prior and any detected target, the end region around the
// start, revisit of detections within 60 m.
func everyTerm5k() reward.Config {
	return reward.Config{Terms: []reward.Term{
		{Kind: reward.TermEntropy, Weight: 1},
		{Kind: reward.TermDetection, Weight: 3},
		{Kind: reward.TermStandoff, Weight: 5, Radius: 300, Points: []geom.Point{{X: 3500, Y: 3500}}, Detected: true},
		{Kind: reward.TermNoInfoOnTurns, Weight: 0.4},
		{Kind: reward.TermRevisit, Weight: 2, Radius: 60, HalfLife: 120},
		{Kind: reward.TermEndRegion, Weight: 20, Circle: &motion.CircleZone{Center: geom.Point{X: 4500, Y: 2500}, Radius: 400}, Required: true},
	}}
}

// BenchmarkIterateTerms plans the 5 km fixed-wing mission from scratch for
// 50 iterations per op with the default entropy reward and with every term
// on (after a detection), one worker.
func BenchmarkIterateTerms(b *testing.B) {
	for _, tc := range []struct {
		name string
		cfg  reward.Config
	}{
		{"entropy", reward.Config{}},
		{"every-term", everyTerm5k()},
	} {
		b.Run(tc.name, func(b *testing.B) {
			m := fixedWing()
			prob := m.problem(b)
			prob.Reward = tc.cfg
			var nodes int
			for b.Loop() {
				p, err := New(prob)
				if err != nil {
					b.Fatal(err)
				}
				p.SetDetections(0, []reward.Detection{{Pos: r2.Vec{X: 3300, Y: 900}}})
				nodes += replan(b, p, m.start, m.budget, prob.Grid, 50).TreeSize
			}
			b.ReportMetric(float64(nodes)/b.Elapsed().Seconds(), "nodes/s")
		})
	}
}

// BenchmarkRecycleTerms recycles a tree of at least 20,000 nodes with every
// term on at its root after SetDetections: same reports the same
// detection at a later mission time (the revisit cells are re-scored),
// moved one whose target moved (every node is re-scored: the standoff
// point moved).
func BenchmarkRecycleTerms(b *testing.B) {
	m := fixedWing()
	m.cfg.Workers = 2
	prob := m.problem(b)
	prob.Reward = everyTerm5k()
	p, err := New(prob)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := p.Replan(context.Background(), m.start, m.budget, prob.Grid, treeSize{p, 20000}); err != nil {
		b.Fatal(err)
	}
	b.Logf("tree of %d nodes", len(p.nodes))
	ds := []reward.Detection{{Pos: r2.Vec{X: 3300, Y: 900}}}
	for _, tc := range []struct {
		name string
		move float64
	}{{"same", 0}, {"moved", 10}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			now := 0.0
			for b.Loop() {
				now++
				ds[0].Time = now
				ds[0].Pos.X += tc.move
				p.SetDetections(now, ds)
				replan(b, p, m.start, m.budget, prob.Grid, 0)
			}
		})
	}
}
