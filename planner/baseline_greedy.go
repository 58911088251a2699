package planner

import (
	"context"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

// greedy is the greedy baseline (model §5.1): from the end of its plan it
// flies to the viewpoint of the cell whose expected gain (at the nominal
// slant range, times priority, on the belief its plan so far leaves) per
// metre of flyable path is highest, and repeats, one leg per iteration,
// until the budget or the termination ends it.
//
// Unlike the reference it considers every cell of the concave search area
// (a cell outside it has probability 0 and no gain), and it scores every
// cell by its exact path length without steering to all of them: cells are
// visited in decreasing order of gain over the straight-line distance to
// their viewpoint, an upper bound of the score, until that bound falls below
// the best score found.
type greedy struct {
	*chain
	decl, slant, z float64

	work    belief.Grid // the belief the plan so far leaves
	workEv  *reward.Evaluator
	weights []float64
	done    []bool // cells already chosen this replan
	cands   []candidate2
	probe   motion.Path
}

// candidate2 is a cell with the upper bound of its score.
type candidate2 struct {
	k     int
	bound float64
}

// lengthStep discretises the paths whose length alone is wanted: one state
// per piece is enough.
const lengthStep = 1e9

func newGreedy(p Problem) (*greedy, error) {
	c, err := newChain(p)
	if err != nil {
		return nil, err
	}
	g := &greedy{chain: c, z: p.Altitude}
	g.decl = aimDeclination(p.Sensor.Camera, p.Config.ViewpointGoal)
	g.slant = p.Altitude / math.Sin(g.decl)
	if mr := p.Sensor.Camera.MaxRange; mr > 0 && g.slant > mr {
		g.slant = mr
	}
	g.work = *p.Grid
	g.work.Prob = slices.Clone(p.Grid.Prob)
	g.workEv = c.ev.Clone()
	g.workEv.SetGrid(&g.work)
	g.done = make([]bool, p.Grid.Len())
	return g, nil
}

// Replan implements Replanner.
func (g *greedy) Replan(ctx context.Context, start motion.Pose, budget Budget, grid *belief.Grid, term Termination) (Result, error) {
	if err := g.begin(start, budget, grid); err != nil {
		return Result{}, err
	}
	copy(g.work.Prob, grid.Prob)
	g.applyDelta(g.legs[0].delta)
	clear(g.done)
	it := 0
	for ; !term.Done(it) && !g.exhausted(); it++ {
		if err := ctx.Err(); err != nil {
			return g.result(it, len(g.legs)), fmt.Errorf("planner: replan cancelled after %d iterations: %w", it, err)
		}
		k, vp, ok := g.pick(g.last().end())
		if !ok {
			break
		}
		g.done[k] = true
		if g.extend(vp, math.Inf(1)) {
			g.applyDelta(g.last().delta)
		}
	}
	return g.result(it, len(g.legs)), nil
}

func (g *greedy) applyDelta(d *reward.Delta) {
	for i := range d.Len() {
		k, p := d.Cell(i)
		g.work.Prob[k] = p
	}
}

// pick returns the cell with the best expected gain per metre from `from`
// and its viewpoint; ok is false when no cell has anything to gain.
func (g *greedy) pick(from motion.Pose) (cell int, vp motion.Pose, ok bool) {
	g.weights = g.workEv.SampleWeights(g.weights, g.slant)
	back := g.z / math.Tan(g.decl)
	o := r2.Vec{X: from.X, Y: from.Y}
	g.cands = g.cands[:0]
	for k, w := range g.weights {
		if w <= 0 || g.done[k] {
			continue
		}
		d := r2.Norm(r2.Sub(g.work.Center(k/g.work.Cols, k%g.work.Cols), o))
		g.cands = append(g.cands, candidate2{k, w / math.Max(math.Abs(d-back), g.step)})
	}
	slices.SortFunc(g.cands, func(a, b candidate2) int {
		switch {
		case a.bound > b.bound:
			return -1
		case a.bound < b.bound:
			return 1
		}
		return a.k - b.k
	})
	best := math.Inf(-1)
	for _, c := range g.cands {
		if c.bound <= best {
			break
		}
		q := viewpoint(from, g.work.Center(c.k/g.work.Cols, c.k%g.work.Cols), g.z, g.decl)
		if err := g.prob.Model.Steer(&g.probe, from, q, lengthStep); err != nil {
			continue
		}
		if s := g.weights[c.k] / math.Max(g.probe.Length(), g.step); s > best {
			best, cell, vp, ok = s, c.k, q, true
		}
	}
	return cell, vp, ok
}
