package planner

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/reward"
)

// Re-scoring a recycled tree only recomputes the nodes whose reward can have
// changed. A node's gain is a function of its visit (fixed for every node
// but the root, up to the time decay) and of the branch belief of the cells
// it observes. By induction from the root, a node's delta can differ from
// its previous one only on cells whose branch belief differs, and those lie
// in the change set C: the cells whose grid values changed since the last
// replan, plus the cells observed by the new root and its former ancestors
// (which leave every branch). So a node that observes no cell of C keeps its
// gain and its delta, and its reward is its parent's new reward plus that
// gain. The cells a visit can observe lie in the cell box of the camera
// footprints at its pose and at the ends of its straight (the swept area is
// their convex hull, see reward.Evaluator.Gain), computed once per node; a
// summed-area table of C answers "does the box meet C" in O(1). When the
// whole grid changes, every node is recomputed, as a full re-score would.

// cellBox is an inclusive range of grid rows and columns; empty when i0 > i1.
type cellBox struct{ i0, j0, i1, j1 int32 }

// boxOf bounds the cells v can observe on the problem's grid. Right after
// w's evaluator scored v it reuses the footprints.
func (p *Planner) boxOf(w *worker, v reward.Visit) cellBox {
	lo, hi, ok := w.ev.Extent(v)
	g := p.prob.Grid
	if !ok {
		return cellBox{0, 0, -1, -1}
	}
	cell := func(v, start float64, n int) int32 {
		return int32(math.Max(0, math.Min(float64(n-1), math.Floor((v-start)/g.Res))))
	}
	return cellBox{cell(lo.X, g.XStart, g.Rows), cell(lo.Y, g.YStart, g.Cols), cell(hi.X, g.XStart, g.Rows), cell(hi.Y, g.YStart, g.Cols)}
}

// changes tracks the change set C of one replan over the grid.
type changes struct {
	rows, cols int
	prob, prio []float64 // the belief of the previous replan
	model      []uint8
	seen       bool
	mark       []bool
	sat        []int32 // (rows+1)×(cols+1) summed-area table of mark
}

// diff marks the cells where g differs from the previous replan's belief
// (all of them the first time) and remembers g.
func (c *changes) diff(g *belief.Grid) {
	n := g.Len()
	c.rows, c.cols = g.Rows, g.Cols
	c.mark = slices.Grow(c.mark[:0], n)[:n]
	if !c.seen {
		c.prob, c.prio, c.model = make([]float64, n), make([]float64, n), make([]uint8, n)
		for k := range c.mark {
			c.mark[k] = true
		}
	} else {
		for k := range c.mark {
			c.mark[k] = g.Prob[k] != c.prob[k] || g.Priority[k] != c.prio[k] || g.Model[k] != c.model[k]
		}
	}
	copy(c.prob, g.Prob)
	copy(c.prio, g.Priority)
	copy(c.model, g.Model)
	c.seen = true
}

func (c *changes) markDelta(d *reward.Delta) {
	for k := range d.Len() {
		idx, _ := d.Cell(k)
		c.mark[idx] = true
	}
}

// sum builds the summed-area table of the marks.
func (c *changes) sum() {
	w := c.cols + 1
	n := (c.rows + 1) * w
	c.sat = slices.Grow(c.sat[:0], n)[:n]
	clear(c.sat[:w])
	for i := range c.rows {
		c.sat[(i+1)*w] = 0
		var row int32
		for j := range c.cols {
			if c.mark[i*c.cols+j] {
				row++
			}
			c.sat[(i+1)*w+j+1] = c.sat[i*w+j+1] + row
		}
	}
}

// meets reports whether b holds a marked cell.
func (c *changes) meets(b cellBox) bool {
	if b.i0 > b.i1 || b.j0 > b.j1 {
		return false
	}
	w := int32(c.cols + 1)
	s := c.sat
	return s[(b.i1+1)*w+b.j1+1]-s[b.i0*w+b.j1+1]-s[(b.i1+1)*w+b.j0]+s[b.i0*w+b.j0] > 0
}

// rescore brings every node's reward up to date with the current belief,
// parents before children, and picks the best. Nodes that need a new gain
// (stale, or observing a changed cell) are recomputed with their delta
// storage reused; the others only add their gain to their parent's new
// reward. A node depends on its ancestors only, so the nodes of one depth
// are done in parallel once the shallower ones are; the result does not
// depend on the number of workers.
func (p *Planner) rescore(nodes []node) {
	depth := p.depth[:0]
	count := p.levels[:0]
	for i := range nodes {
		d := int32(0)
		if par := nodes[i].parent; par >= 0 {
			d = depth[par] + 1
		}
		depth = append(depth, d)
		for int(d) >= len(count) {
			count = append(count, 0)
		}
		count[d]++
	}
	// Counting sort by depth, stable in id order.
	start := 0
	for d, c := range count {
		count[d] = start
		start += c
	}
	order := slices.Grow(p.order[:0], len(nodes))[:len(nodes)]
	for i, d := range depth {
		order[count[d]] = int32(i)
		count[d]++
	}
	from := 0
	for _, end := range count {
		level := order[from:end]
		parallel(p.workers, len(level), func(w *worker, k int) { p.rescoreNode(w, nodes, level[k]) })
		from = end
	}
	p.depth, p.levels, p.order = depth, count, order

	p.best = 0
	p.bestVal, p.bestOK = p.endValue(&nodes[0])
	for i := 1; i < len(nodes); i++ {
		if v, ok := p.endValue(&nodes[i]); better(v, ok, p.bestVal, p.bestOK) {
			p.best, p.bestVal, p.bestOK = int32(i), v, ok
		}
	}
}

func (p *Planner) rescoreNode(w *worker, nodes []node, i int32) {
	n := &nodes[i]
	parentReward := 0.0
	if n.parent >= 0 {
		parentReward = nodes[n.parent].reward
	}
	if n.stale || p.changes.meets(n.box) {
		w.branch = w.branch[:0]
		if n.parent >= 0 {
			w.branch = branchOf(w.branch, nodes, n.parent)
		}
		v := p.visit(n)
		if p.dets.standoffTerm && n.parent >= 0 {
			p.resteer(&w.path, &nodes[n.parent], n)
			v.Edge = w.path.States
		}
		n.gain = w.ev.Gain(w.branch, v, n.delta)
		if n.stale {
			n.box = p.boxOf(w, v)
			n.stale = false
		}
	}
	n.reward = parentReward + n.gain
}

// markDisc marks the cells of the box around q that holds every cell whose
// centre is within r of q, and the cell holding q.
func (c *changes) markDisc(g *belief.Grid, q r2.Vec, r float64) {
	i0 := max(0, int(math.Floor((q.X-r-g.XStart)/g.Res)))
	i1 := min(g.Rows-1, int(math.Floor((q.X+r-g.XStart)/g.Res)))
	j0 := max(0, int(math.Floor((q.Y-r-g.YStart)/g.Res)))
	j1 := min(g.Cols-1, int(math.Floor((q.Y+r-g.YStart)/g.Res)))
	for i := i0; i <= i1; i++ {
		for j := j0; j <= j1; j++ {
			c.mark[g.Index(i, j)] = true
		}
	}
}

// detections is what the planner needs to know of the detections given to
// its evaluators to re-score a recycled tree. The standoff penalty of a node
// depends on the points it keeps away from, which detections add to; the
// revisit value of a cell near a detection depends on the detection's time
// and on the mission time of the observation, the root's time (now) plus
// the node's, which a recycle changes for every node. Cells elsewhere keep
// their value, so the change set only needs the cells near the detections,
// those given now and those they replaced.
type detections struct {
	standoffTerm bool    // a standoff term is configured: recomputed nodes need their edge
	standoff     bool    // it keeps away from the detected targets too
	revisit      bool    // a revisit term is configured
	revRadius    float64 // its radius
	last         []reward.Detection
	replaced     []r2.Vec // detections dropped since the last replan
	allStale     bool     // the standoff's points changed since the last replan
}

func (d *detections) init(c reward.Config) {
	for _, t := range c.ActiveTerms() {
		switch t.Kind {
		case reward.TermStandoff:
			d.standoffTerm, d.standoff = true, t.Detected
		case reward.TermRevisit:
			d.revisit, d.revRadius = true, t.Radius
		}
	}
}

// set records the detections an evaluator was given.
func (d *detections) set(ds []reward.Detection) {
	if d.standoff && !samePositions(d.last, ds) {
		d.allStale = true
	}
	if d.revisit {
		for _, x := range d.last {
			d.replaced = append(d.replaced, x.Pos)
		}
	}
	d.last = append(d.last[:0], ds...)
}

func samePositions(a, b []reward.Detection) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k].Pos != b[k].Pos {
			return false
		}
	}
	return true
}

// mark adds the cells whose revisit value may have changed to c.
func (d *detections) mark(c *changes, g *belief.Grid) {
	if !d.revisit {
		return
	}
	for _, q := range d.replaced {
		c.markDisc(g, q, d.revRadius)
	}
	for _, x := range d.last {
		c.markDisc(g, x.Pos, d.revRadius)
	}
}

// settled forgets what the replan just brought up to date.
func (d *detections) settled() {
	d.replaced = d.replaced[:0]
	d.allStale = false
}
