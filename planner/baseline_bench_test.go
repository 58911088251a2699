package planner

import (
	"context"
	"testing"
)

// BenchmarkBaselineReplan is one replan of each baseline on the 5 km
// fixed-wing mission from its start: ten iterations (ten legs for greedy
// and random, 160 simulations for mcts, the whole coverage route for
// lawnmower, which also builds it on its first replan).
func BenchmarkBaselineReplan(b *testing.B) {
	m := fixedWing()
	for _, kind := range []string{KindGreedy, KindMCTS, KindRandom, KindLawnmower} {
		b.Run(kind, func(b *testing.B) {
			r, prob := m.build(b, kind)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.Replan(context.Background(), m.start, m.budget, prob.Grid, Iterations(10)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkGreedyPick is the greedy choice of one viewpoint over the 5 km
// grid (about 20,000 cells with something to gain).
func BenchmarkGreedyPick(b *testing.B) {
	m := fixedWing()
	r, prob := m.build(b, KindGreedy)
	g := r.(*greedy)
	if err := g.begin(m.start, m.budget, prob.Grid); err != nil {
		b.Fatal(err)
	}
	copy(g.work.Prob, prob.Grid.Prob)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := g.pick(m.start); !ok {
			b.Fatal("nothing to pick")
		}
	}
}

// BenchmarkMCTSSimulate is one MCTS simulation (selection, expansion,
// rollout of five primitives, backup) on the 5 km mission.
func BenchmarkMCTSSimulate(b *testing.B) {
	m := fixedWing()
	r, prob := m.build(b, KindMCTS)
	mc := r.(*mcts)
	if _, err := mc.Replan(context.Background(), m.start, m.budget, prob.Grid, Iterations(1)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		mc.simulate()
	}
}
