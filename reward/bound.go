package reward

import (
	"math"
	"slices"

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
	first    []float64 // entropy gain of a look from the grid belief; nil unless informative
	rev      []float64 // nil without detections
	revBuf   []float64 // rev's storage, kept while rev is nil
	firstBuf []float64 // first's storage
}

// maxNearDeltas is how many deltas of the branch may overlap a sweep's
// cells for Bound to tell its cells that none of them holds; with more, it
// caps every swept cell as seen before. Most sweeps that the first-look cap
// lets Bound drop have none or one.
const maxNearDeltas = 2

// Bound returns an upper bound on the reward Gain(branch, v, out) returns,
// for a branch whose deltas Gain made on e's current grid (as a planner's
// tree does, recycled trees included once re-scored): a node that is
// dominated even at that reward need not be scored. It costs the collection
// of v's cells and a sum over them, about half of a Gain, and the next Gain
// or GainTerms of the same visit reuses the cells.
//
// Per cell, an observation earns at most: in entropy, the cell's entropy on
// the branch, which is at most its entropy on the grid because the
// most-likely update only moves a belief away from 1/2 when every detection
// table is informative (true-positive plus true-negative rate at least 1;
// with any other table, at most 1 bit); in detection, the grid probability;
// in revisit, 1. Each is times the cell's priority. The no_info_on_turns
// and standoff terms only subtract. With informative tables a swept cell
// that no delta of branch can hold (it lies outside their boxes) still has
// its grid belief, and its look earns at most what a look at the table's
// best rates earns from it, often half its entropy or less.
func (e *Evaluator) Bound(branch []*Delta, v Visit) float64 {
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
		if t.kind == kEntropy {
			s = e.entropyCap(branch)
		} else {
			for _, x := range e.cells {
				s += t.cap[x.k]
			}
		}
		b += s * o.weight[t.kind] * o.decay[t.kind].At(v.Time)
	}
	return b + b*boundSlack
}

// entropyCap is the entropy term's cap of e.cells. A swept cell outside
// the boxes of branch's deltas has its grid belief, and its look earns at
// most caps.first; any other cell's look at most caps.ent. The sweep comes
// first in a visit, so nothing else has changed its cells yet. A cell the
// camera at the pose sees again earns over both looks at most the entropy
// it had before the first (the gains telescope, and the banking camera's
// share of its gain only lowers it): caps.ent less what its swept look was
// allowed.
func (e *Evaluator) entropyCap(branch []*Delta) float64 {
	c := &e.caps
	edge, vertex := e.cells[:e.nEdge], e.cells[e.nEdge:]
	allowed := e.allowed[:0]
	for _, x := range edge {
		allowed = append(allowed, c.ent[x.k])
	}
	e.allowed = allowed
	if c.first != nil && len(edge) > 0 {
		e.freshCaps(branch, edge, allowed)
	}
	s := 0.0
	for _, a := range allowed {
		s += a
	}
	// Both parts list their cells by row, then column.
	n := 0
	for _, x := range vertex {
		for n < len(edge) && (edge[n].i < x.i || edge[n].i == x.i && edge[n].j < x.j) {
			n++
		}
		if n < len(edge) && edge[n].i == x.i && edge[n].j == x.j {
			s += c.ent[x.k] - allowed[n]
		} else {
			s += c.ent[x.k]
		}
	}
	return s
}

// freshCaps lowers to caps.first the allowance of the swept cells outside
// the boxes of branch's deltas, when at most maxNearDeltas of them overlap
// the sweep.
func (e *Evaluator) freshCaps(branch []*Delta, edge []obs, allowed []float64) {
	bi0, bj0, bi1, bj1 := edge[0].i, edge[0].j, edge[0].i, edge[0].j
	for _, c := range edge[1:] {
		bi0, bi1 = min(bi0, c.i), max(bi1, c.i)
		bj0, bj1 = min(bj0, c.j), max(bj1, c.j)
	}
	near := e.near[:0]
	for _, d := range branch {
		if !d.misses(bi0, bj0, bi1, bj1) {
			near = append(near, d)
		}
	}
	e.near = near
	if len(near) > maxNearDeltas {
		return
	}
	for n, c := range edge {
		fresh := true
		for _, d := range near {
			if c.i >= d.i0 && c.i <= d.i1 && c.j >= d.j0 && c.j <= d.j1 {
				fresh = false
				break
			}
		}
		if fresh {
			allowed[n] = e.caps.first[c.k]
		}
	}
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
		c.first = nil
		if informative {
			// Under informative tables the update moves a belief away from
			// 1/2, the further the higher either rate, so a look from a
			// cell's grid belief earns at most the gain at the highest
			// rates of its table (1/2 and 1/2 for a model without one,
			// which leaves beliefs as they are).
			var best [256][2]float64
			for m := range best {
				best[m] = [2]float64{0.5, 0.5}
			}
			for m, t := range e.sensor.Tables {
				if m < len(best) && len(t.TPR) > 0 {
					best[m] = [2]float64{slices.Max(t.TPR), slices.Max(t.TNR)}
				}
			}
			c.first = grown(c.firstBuf, n)
			c.firstBuf = c.first
			for k := range n {
				r := &best[g.Model[k]]
				_, gain := e.memo.update(g.Prob[k], r[0], r[1])
				c.first[k] = math.Max(0, gain) * prio(k)
			}
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
