package reward

import (
	"math"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/motion"
)

// boundSlack is the relative margin Bound adds for rounding: the sums it
// bounds and its own are computed in different orders, over at most a few
// thousand cells, so they differ by about 1e-13 of the total at most.
const boundSlack = 1e-9

// visitKey is what the cells a visit observes depend on (see collect).
type visitKey struct {
	pose     motion.Pose
	straight motion.Straight
	has      bool
}

func keyOf(v *Visit) visitKey {
	return visitKey{pose: v.Pose, straight: v.Straight, has: v.HasStraight}
}

// caps holds, per cell of the grid they were built for, the most one
// observation of the cell can earn by each information term before weight
// and decay, on any branch belief Gain can have made from that grid; nil
// for a term that is off.
type caps struct {
	built    bool
	ent, det []float64
	rev      []float64 // nil without detections
	revBuf   []float64 // rev's storage, kept while rev is nil
}

// Bound returns an upper bound on the reward Gain(branch, v, out) returns,
// for every branch whose deltas Gain made on e's current grid (as a
// planner's tree does, recycled trees included once re-scored): a node that
// is dominated even at that reward need not be scored. It costs the
// collection of v's cells and a sum over them, about half of a Gain, and
// the next Gain or GainTerms of the same visit reuses the cells.
//
// Per cell, an observation earns at most: in entropy, the cell's entropy on
// the branch, which is at most its entropy on the grid because the
// most-likely update only moves a belief away from 1/2 when the detection
// table is informative (true-positive plus true-negative rate at least 1;
// with any other table, at most 1 bit); in detection, the grid probability;
// in revisit, 1. Each is times the cell's priority. The no_info_on_turns
// and standoff terms only subtract.
func (e *Evaluator) Bound(v Visit) float64 {
	e.scanVisit(v)
	e.prepared, e.ready = keyOf(&v), true
	if !e.caps.built {
		e.buildCaps()
	}
	o, c := e.obj, &e.caps
	b := 0.0
	for _, t := range [...]struct {
		kind int
		cap  []float64
	}{{kEntropy, c.ent}, {kDetection, c.det}, {kRevisit, c.rev}} {
		if t.cap == nil {
			continue
		}
		s := 0.0
		for _, x := range e.cells {
			s += t.cap[x.k]
		}
		b += s * o.weight[t.kind] * o.decay[t.kind].At(v.Time)
	}
	return b + b*boundSlack
}

// buildCaps fills e.caps for the grid and detections e has now.
func (e *Evaluator) buildCaps() {
	g, o := e.grid, e.obj
	n := g.Len()
	c := &e.caps
	// Priorities are ≥ 0 in a mission; the magnitude keeps the bound
	// valid on any grid.
	prio := func(k int) float64 { return math.Abs(g.Priority[k]) }
	if o.idx[kEntropy] >= 0 {
		c.ent = grown(c.ent, n)
		informative := e.informative()
		lastP, lastH := math.NaN(), 0.0
		for k := range n {
			h := 1.0
			if informative {
				// Priors make long runs of equal probabilities.
				if p := g.Prob[k]; p != lastP {
					lastP, lastH = p, belief.Entropy(p)
				}
				h = lastH
			}
			c.ent[k] = h * prio(k)
		}
	}
	if o.idx[kDetection] >= 0 {
		c.det = grown(c.det, n)
		for k := range n {
			c.det[k] = g.Prob[k] * prio(k)
		}
	}
	c.rev = nil
	if o.idx[kRevisit] >= 0 && e.revT != nil {
		c.rev = grown(e.caps.revBuf, n)
		clear(c.rev)
		e.caps.revBuf = c.rev
		for k, t := range e.revT {
			if t != noDetection {
				c.rev[k] = prio(k)
			}
		}
	}
	c.built = true
}

// informative reports whether every detection table of e's sensor moves a
// belief away from 1/2 under the most-likely update: tpr + tnr ≥ 1 on
// every row. A cell whose model has no table keeps its belief.
func (e *Evaluator) informative() bool {
	for _, t := range e.sensor.Tables {
		for k := range t.TPR {
			if !(t.TPR[k]+t.TNR[k] >= 1) {
				return false
			}
		}
	}
	return true
}

func grown(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}
