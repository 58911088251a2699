package planner

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	"github.com/tigris-uav/tigris/belief"
)

// BenchmarkIndex compares the k-d trees behind the index interface (flat, gonum, kyroy) on
// poses spread over the 5 km mission area. insert is the amortised cost of
// growing an index to n (rebuilds included); the queries run on an index
// grown by insertion, as the planner's is.
func BenchmarkIndex(b *testing.B) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{10000, 50000} {
		es := randomEntries(rng, randomPoses(rng, n, 5000))
		qs := randomEntries(rng, randomPoses(rng, 1000, 5000))
		for _, ix := range indexes {
			b.Run(fmt.Sprintf("%s/insert/n=%d", ix.name, n), func(b *testing.B) {
				x := ix.new()
				for b.Loop() {
					if x.len() == n {
						x = ix.new()
					}
					x.insert(es[x.len()])
				}
			})
			x := ix.new()
			for _, e := range es {
				x.insert(e)
			}
			b.Run(fmt.Sprintf("%s/nearest/n=%d", ix.name, n), func(b *testing.B) {
				i := 0
				for b.Loop() {
					x.nearest(qs[i%len(qs)].pose)
					i++
				}
			})
			for _, r := range []float64{400, 1500} {
				b.Run(fmt.Sprintf("%s/radius%v/n=%d", ix.name, r, n), func(b *testing.B) {
					var dst []neighbour
					i := 0
					for b.Loop() {
						dst = x.radius(qs[i%len(qs)].pose, r, dst[:0])
						i++
					}
				})
			}
			b.Run(fmt.Sprintf("%s/dominated400/n=%d", ix.name, n), func(b *testing.B) {
				i := 0
				for b.Loop() {
					q := qs[i%len(qs)]
					x.dominated(q.pose, 400, q.cost, q.reward)
					i++
				}
			})
		}
	}
}

// BenchmarkIterate plans the 5 km fixed-wing mission from scratch for a
// fixed number of iterations per op and reports the tree growth rate.
func BenchmarkIterate(b *testing.B) {
	for _, iters := range []int{50, 150} {
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("iters=%d/workers=%d", iters, workers), func(b *testing.B) {
				m := fixedWing()
				m.cfg.Workers = workers
				prob := m.problem(b)
				var nodes, samples int
				var reward float64
				for b.Loop() {
					p, err := New(prob)
					if err != nil {
						b.Fatal(err)
					}
					res := replan(b, p, m.start, m.budget, prob.Grid, iters)
					nodes += res.TreeSize
					samples += res.Samples
					reward = res.Reward
				}
				s := b.Elapsed().Seconds()
				b.ReportMetric(float64(nodes)/s, "nodes/s")
				b.ReportMetric(float64(samples)/s, "samples/s")
				b.ReportMetric(reward, "reward")
			})
		}
	}
}

// grow plans the fixed-wing mission until the tree holds at least n nodes.
func grow(b *testing.B, workers, n int) (*Planner, mission) {
	m := fixedWing()
	m.cfg.Workers = workers
	p, prob := m.planner(b)
	if _, err := p.Replan(context.Background(), m.start, m.budget, prob.Grid, treeSize{p, n}); err != nil {
		b.Fatal(err)
	}
	return p, m
}

// treeSize stops planning once the tree has n nodes.
type treeSize struct {
	p *Planner
	n int
}

func (t treeSize) Done(int) bool { return len(t.p.nodes) >= t.n }

// BenchmarkRecycle50k recycles a tree of at least 50,000 nodes at its root
// against a new belief. full re-scores every node (every cell changed: the
// worst case); explored changes the belief in a 600 m square around the
// start, as a stretch of flight does, so only the nodes that observe it are
// recomputed; replan is the whole incremental step for that belief: subtree
// filter, re-scoring, index rebuild and sampler.
func BenchmarkRecycle50k(b *testing.B) {
	p, m := grow(b, 2, 50000)
	b.Logf("tree of %d nodes", len(p.nodes))
	grid := p.prob.Grid
	explored := [2]*belief.Grid{grid.Clone(), grid.Clone()}
	for i := range grid.Rows {
		for j := range grid.Cols {
			if c := grid.Center(i, j); math.Abs(c.X-m.start.X) < 300 && math.Abs(c.Y-m.start.Y) < 300 {
				explored[1].Prob[grid.Index(i, j)] *= 0.5
			}
		}
	}
	b.Run("full", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for k := range p.changes.mark {
				p.changes.mark[k] = true
			}
			p.changes.sum()
			p.rescore(p.nodes)
		}
	})
	b.Run("explored", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			p.changes.diff(explored[i%2])
			p.changes.sum()
			p.rescore(p.nodes)
			i++
		}
	})
	b.Run("replan", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			res := replan(b, p, m.start, m.budget, explored[i%2], 0)
			if res.TreeSize < 50000 {
				b.Fatalf("recycling at the root kept %d nodes", res.TreeSize)
			}
			i++
		}
	})
}

// BenchmarkReward reports the mean best reward over 5 seeds on the 5 km
// mission: after a fixed number of iterations, and after 0.1 s and 1 s of
// wall-clock planning (a context deadline, as the drivers use). overrun-ms
// is the worst time Replan returned after its deadline.
func BenchmarkReward(b *testing.B) {
	const seeds = 5
	run := func(b *testing.B, term func() (Termination, context.CancelFunc, time.Time)) {
		var sum, iters, overrun float64
		n := 0
		for b.Loop() {
			for seed := range uint64(seeds) {
				m := fixedWing()
				m.cfg.Seed = seed + 1
				p, prob := m.planner(b)
				t, cancel, deadline := term()
				res, err := p.Replan(context.Background(), m.start, m.budget, prob.Grid, t)
				if !deadline.IsZero() {
					overrun = max(overrun, time.Since(deadline).Seconds()*1000)
				}
				cancel()
				if err != nil {
					b.Fatal(err)
				}
				sum += res.Reward
				iters += float64(res.Iterations)
				n++
			}
		}
		b.ReportMetric(sum/float64(n), "reward")
		b.ReportMetric(iters/float64(n), "iterations")
		if overrun > 0 {
			b.ReportMetric(overrun, "overrun-ms")
		}
	}
	b.Run("iters=100", func(b *testing.B) {
		run(b, func() (Termination, context.CancelFunc, time.Time) { return Iterations(100), func() {}, time.Time{} })
	})
	for _, d := range []time.Duration{100 * time.Millisecond, time.Second} {
		b.Run(fmt.Sprintf("time=%v", d), func(b *testing.B) {
			run(b, func() (Termination, context.CancelFunc, time.Time) {
				ctx, cancel := context.WithTimeout(context.Background(), d)
				dl, _ := ctx.Deadline()
				return Context(ctx), cancel, dl
			})
		})
	}
}

// BenchmarkMemory100k grows a tree to 100,000 nodes and reports the live
// heap (after a collection) and the runtime's peak footprint.
func BenchmarkMemory100k(b *testing.B) {
	for b.Loop() {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		p, _ := grow(b, 2, 100000)
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		live := float64(after.HeapAlloc) - float64(before.HeapAlloc)
		b.ReportMetric(live/(1<<20), "live-MB")
		b.ReportMetric(float64(after.Sys)/(1<<20), "sys-MB")
		b.ReportMetric(live/float64(len(p.nodes)), "B/node")
		b.ReportMetric(float64(len(p.nodes)), "nodes")
	}
}
