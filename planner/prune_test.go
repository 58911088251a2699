package planner

import (
	"reflect"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/reward"
)

// Dropping the candidates that are dominated even at their reward bound
// changes nothing: the tree (poses, parents, rewards and deltas) and the
// plans, after a first replan and a recycled one, are those of a planner
// that scores every candidate, for the reference mission and for every
// reward term with detections, on one worker and on two.
func TestBoundPruningChangesNothing(t *testing.T) {
	dets := []reward.Detection{{Pos: r2.Vec{X: 1400, Y: 1900}, Time: 10}, {Pos: r2.Vec{X: 900, Y: 2300}, Time: 20}}
	tests := []struct {
		name  string
		m     mission
		cfg   *reward.Config
		iters int
	}{
		{"reference mission", fixedWing(), nil, 40},
		{"every term", field3k(), ptr(allTerms(true, true)), 40},
	}
	for _, tt := range tests {
		for _, workers := range []int{1, 2} {
			type run struct {
				res    []Result
				keys   []nodeKey
				deltas [][]float64
				pruned int
			}
			plan := func(scoreAll bool) run {
				m := tt.m
				m.cfg.Workers = workers
				prob := m.problem(t)
				if tt.cfg != nil {
					prob.Reward = *tt.cfg
				}
				p, err := New(prob)
				if err != nil {
					t.Fatal(err)
				}
				p.scoreAll = scoreAll
				p.SetDetections(30, dets)
				var r run
				res := replan(t, p, m.start, m.budget, prob.Grid, tt.iters)
				r.res = append(r.res, res)
				next := res.Segments[0][len(res.Segments[0])-1]
				p.SetDetections(45, dets[:1])
				r.res = append(r.res, replan(t, p, next, Budget{Distance: m.budget.Distance - 600}, prob.Grid, tt.iters/2))
				r.keys = treeKeys(p)
				for i := range p.nodes {
					d := p.nodes[i].delta
					var cells []float64
					for k := range d.Len() {
						idx, v := d.Cell(k)
						cells = append(cells, float64(idx), v)
					}
					r.deltas = append(r.deltas, cells)
				}
				for _, w := range p.workers {
					r.pruned += w.pruned
				}
				return r
			}
			all, pruned := plan(true), plan(false)
			if pruned.pruned == 0 {
				t.Errorf("%s, %d workers: no candidate was dropped on its bound", tt.name, workers)
			}
			if all.pruned != 0 {
				t.Errorf("%s, %d workers: %d candidates dropped with every candidate scored", tt.name, workers, all.pruned)
			}
			if !reflect.DeepEqual(all.res, pruned.res) || !reflect.DeepEqual(all.keys, pruned.keys) || !reflect.DeepEqual(all.deltas, pruned.deltas) {
				t.Errorf("%s, %d workers: pruned on the bound, %d nodes and reward %v; scoring all, %d nodes and reward %v",
					tt.name, workers, len(pruned.keys), pruned.res[1].Reward, len(all.keys), all.res[1].Reward)
			}
		}
	}
}
