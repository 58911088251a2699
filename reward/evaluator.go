package reward

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/motion"
)

// Visit is what one tree node observes: the camera at its pose and, if its
// incoming edge has one, the swept straight part of that edge. Time is the
// flight time in seconds from the tree root to the node (for the decay).
type Visit struct {
	Pose        motion.Pose
	Straight    motion.Straight
	HasStraight bool
	Time        float64
}

// Evaluator computes node rewards against a belief grid. It keeps scratch
// buffers, so it is not safe for concurrent use: Clone one per goroutine.
type Evaluator struct {
	grid   *belief.Grid
	sensor *belief.Sensor
	cam    belief.Camera
	lens   lens
	edge   bool
	decay  TimeDecay
	weight float64
	memo   *memo

	// Footprint and sweep polygons, reused.
	fp, sf, ef, ey, hull, pts []r2.Vec

	// cells observed by the current visit: the edge's first, then the vertex's.
	cells []obs
	nEdge int
	scan  []cell

	// Dense scratch over the cell box of the current visit: the branch belief
	// of each observed cell (cur) and its state for this call (stamp: gen =
	// not yet found on the branch, gen+1 = found, gen+2 = changed, gen+3 =
	// written to the delta). A new generation per call makes clearing free.
	stamp []uint32
	cur   []float64
	gen   uint32
}

// obs is one cell observation: the cell, its grid index, its slot in the
// dense scratch and the slant range it is seen at.
type obs struct {
	i, j, k, l int32
	r          float64
}

// NewEvaluator returns an evaluator of cfg's reward on grid g seen through
// sensor s. The grid and the sensor are read, never written; they must not
// change while the evaluator (or a clone) uses them.
func NewEvaluator(g *belief.Grid, s *belief.Sensor, cfg Config) (*Evaluator, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("reward: %w", err)
	}
	if err := checkGrid(g); err != nil {
		return nil, fmt.Errorf("reward: %w", err)
	}
	if s == nil {
		return nil, errors.New("reward: nil sensor")
	}
	c := s.Camera
	if !(c.FocalLength > 0 && c.SensorWidth > 0 && c.SensorHeight > 0) {
		return nil, fmt.Errorf("reward: camera focal length and sensor size must be > 0, got %v, %v×%v",
			c.FocalLength, c.SensorWidth, c.SensorHeight)
	}
	if !(c.Pitch > 0 && c.Pitch <= math.Pi/2) {
		return nil, fmt.Errorf("reward: camera pitch must be in (0, π/2], got %v", c.Pitch)
	}
	return &Evaluator{
		grid:   g,
		sensor: s,
		cam:    c,
		lens:   lensOf(c),
		edge:   cfg.UseEdge(),
		decay:  cfg.TimeDecay,
		weight: cfg.EntropyWeight(),
		memo:   newMemo(),
	}, nil
}

func checkGrid(g *belief.Grid) error {
	switch {
	case g == nil:
		return errors.New("nil grid")
	case !(g.Res > 0):
		return fmt.Errorf("grid resolution must be > 0, got %v", g.Res)
	case g.Rows < 0 || g.Cols < 0 || int64(g.Rows)*int64(g.Cols) > math.MaxInt32:
		return fmt.Errorf("grid of %d×%d cells: must have 0 to %d cells", g.Rows, g.Cols, math.MaxInt32)
	}
	n := g.Len()
	if len(g.Prob) != n || len(g.Priority) != n || len(g.Model) != n {
		return fmt.Errorf("grid of %d×%d cells has %d probabilities, %d priorities, %d sensor models",
			g.Rows, g.Cols, len(g.Prob), len(g.Priority), len(g.Model))
	}
	return nil
}

// Clone returns an evaluator sharing e's grid, sensor and configuration with
// scratch buffers of its own.
func (e *Evaluator) Clone() *Evaluator {
	return &Evaluator{
		grid: e.grid, sensor: e.sensor, cam: e.cam, lens: e.lens,
		edge: e.edge, decay: e.decay, weight: e.weight, memo: newMemo(),
	}
}

// Grid is the belief e evaluates against.
func (e *Evaluator) Grid() *belief.Grid { return e.grid }

// SetGrid makes e evaluate against a new belief snapshot (the planner's
// adaptive step). Deltas computed against the previous grid index the same
// cells only if g has the same geometry. It panics if g is malformed (see
// NewEvaluator), which is a programming error.
func (e *Evaluator) SetGrid(g *belief.Grid) {
	if err := checkGrid(g); err != nil {
		panic("reward: SetGrid: " + err.Error())
	}
	e.grid = g
}

// Gain evaluates visit v on top of the branch belief, writes the cells it
// changed into out (reset first) and returns the node's reward: the entropy
// the swept straight removes, then the entropy the camera at the pose removes
// (which sees the straight's updates), each cell's bits times its priority,
// all times the entropy weight and the decay at v.Time (model §3.6).
//
// branch lists the ancestors' deltas nearest first (parent, grandparent, …,
// root); a cell's belief is the value in the first delta that has it, else the
// grid's. out must not be one of them. Gain does not allocate once its
// buffers have grown.
func (e *Evaluator) Gain(branch []*Delta, v Visit, out *Delta) float64 {
	out.Reset()
	e.collect(v)
	cells := e.cells
	if len(cells) == 0 {
		return 0
	}

	bi0, bj0, bi1, bj1 := cells[0].i, cells[0].j, cells[0].i, cells[0].j
	for _, c := range cells[1:] {
		bi0, bi1 = min(bi0, c.i), max(bi1, c.i)
		bj0, bj1 = min(bj0, c.j), max(bj1, c.j)
	}
	w := bj1 - bj0 + 1
	e.grow(int(bi1-bi0+1) * int(w))
	g := e.nextGen()
	stamp, cur, prob := e.stamp, e.cur, e.grid.Prob
	pending := 0
	for n := range cells {
		c := &cells[n]
		c.l = (c.i-bi0)*w + (c.j - bj0)
		if stamp[c.l] != g {
			stamp[c.l], cur[c.l] = g, prob[c.k]
			pending++
		}
	}

	// Resolve each observed cell through the branch, nearest delta first.
	cols := int32(e.grid.Cols)
	lo, hi := bi0*cols+bj0, bi1*cols+bj1
	for _, d := range branch {
		if pending == 0 {
			break
		}
		if d.misses(bi0, bj0, bi1, bj1) {
			continue
		}
		for n, k := range d.idx {
			if k < lo || k > hi {
				continue
			}
			i := k / cols
			j := k - i*cols
			if j < bj0 || j > bj1 {
				continue
			}
			if l := (i-bi0)*w + (j - bj0); stamp[l] == g {
				stamp[l], cur[l] = g+1, d.val[n]
				if pending--; pending == 0 {
					break
				}
			}
		}
	}

	sum := e.apply(cells[:e.nEdge], cur, stamp, g)
	sum += e.apply(cells[e.nEdge:], cur, stamp, g)
	for _, c := range cells {
		if stamp[c.l] == g+2 {
			stamp[c.l] = g + 3
			out.add(c.k, c.i, c.j, cur[c.l])
		}
	}
	return sum * e.weight * e.decay.At(v.Time)
}

// apply updates the beliefs in cur of the observed cells and returns the bits
// gained times priority; a changed cell's stamp becomes gen+2.
func (e *Evaluator) apply(cells []obs, cur []float64, stamp []uint32, gen uint32) float64 {
	sum := 0.0
	model, prio := e.grid.Model, e.grid.Priority
	for _, c := range cells {
		tpr, tnr := e.sensor.Rates(model[c.k], c.r)
		p := cur[c.l]
		post, gain := e.memo.update(p, tpr, tnr)
		sum += gain * prio[c.k]
		if post != p {
			cur[c.l], stamp[c.l] = post, gen+2
		}
	}
	return sum
}

func (e *Evaluator) grow(n int) {
	if n > len(e.stamp) {
		e.stamp = make([]uint32, n)
		e.cur = make([]float64, n)
		e.gen = 0
	}
}

func (e *Evaluator) nextGen() uint32 {
	if e.gen > math.MaxUint32-8 {
		clear(e.stamp)
		e.gen = 0
	}
	e.gen += 4
	return e.gen
}

// Replay is the non-incremental reference: it copies the grid's
// probabilities once and applies the visits in order on the copy (each
// visit's straight, then its pose, as Gain does), returning the cumulative
// reward after each visit. Tests use it to check chains of Gain calls.
func (e *Evaluator) Replay(visits []Visit) []float64 {
	p := append([]float64(nil), e.grid.Prob...)
	model, prio := e.grid.Model, e.grid.Priority
	out := make([]float64, len(visits))
	total := 0.0
	for n, v := range visits {
		e.collect(v)
		phase := func(cells []obs) float64 {
			sum := 0.0
			for _, c := range cells {
				tpr, tnr := e.sensor.Rates(model[c.k], c.r)
				post, gain := e.memo.update(p[c.k], tpr, tnr)
				sum += gain * prio[c.k]
				p[c.k] = post
			}
			return sum
		}
		sum := phase(e.cells[:e.nEdge])
		sum += phase(e.cells[e.nEdge:])
		total += sum * e.weight * e.decay.At(v.Time)
		out[n] = total
	}
	return out
}

// SampleWeights writes to dst (grown as needed) the weight the informed
// sampler gives each cell, in grid index order: the bits one observation at
// slant range slantRange would gain on the grid's belief, times the cell's
// priority (model §2.2; no decay, no branch). Negative gains count as 0.
func (e *Evaluator) SampleWeights(dst []float64, slantRange float64) []float64 {
	g := e.grid
	n := g.Len()
	if cap(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	// The range is the same for every cell, so the rates depend on the
	// sensor model only.
	var tpr, tnr [256]float64
	var known [256]bool
	for k := range n {
		m := g.Model[k]
		if !known[m] {
			tpr[m], tnr[m] = e.sensor.Rates(m, slantRange)
			known[m] = true
		}
		_, gain := e.memo.update(g.Prob[k], tpr[m], tnr[m])
		dst[k] = math.Max(0, gain*g.Priority[k])
	}
	return dst
}

// collect lists the cells v observes, with their ranges, in e.cells: those
// of the swept straight first (e.nEdge of them), then those of the camera at
// the pose. A cell appears at most once per part.
func (e *Evaluator) collect(v Visit) {
	e.cells = e.cells[:0]
	if e.edge && v.HasStraight {
		e.collectEdge(v)
	}
	e.nEdge = len(e.cells)

	p := v.Pose
	e.fp = e.cam.Footprint(e.fp, p.Vec, p.Heading)
	g := e.grid
	e.scan = covered(e.scan[:0], g, e.fp)
	for _, c := range e.scan {
		i, j := int(c.i), int(c.j)
		e.cells = append(e.cells, obs{i: c.i, j: c.j, k: int32(g.Index(i, j)), r: rangeTo(g.Corner(i, j), p.Vec)})
	}
}

// collectEdge appends the cells swept by the straight of v: those fully
// inside the convex hull of the footprints at its start and its end (both
// with the start heading), each with the range sweptRange or, past the end
// footprint's near edge, the range from the end pose (model §3.6).
func (e *Evaluator) collectEdge(v Visit) {
	st := v.Straight
	psi := st.Start.Heading
	e.sf = e.cam.Footprint(e.sf, st.Start.Vec, psi)
	e.ef = e.cam.Footprint(e.ef, st.End.Vec, psi)
	if len(e.sf) < 3 || len(e.ef) < 3 {
		return
	}
	e.hull, e.pts = convexHull(e.hull, e.pts, e.sf, e.ef)

	s := sweep{start: st.Start, end: st.End, u: unit(psi), uEnd: unit(st.End.Heading), nodeZ: v.Pose.Z}
	sxy := r2.Vec{X: st.Start.X, Y: st.Start.Y}
	exy := r2.Vec{X: st.End.X, Y: st.End.Y}
	near, _ := extent(e.sf, sxy, s.u)
	_, far := extent(e.ef, exy, s.u)
	s.m0 = r2.Add(sxy, r2.Scale(near, s.u))
	m1 := r2.Add(exy, r2.Scale(far, s.u))
	s.length = r2.Norm(r2.Sub(m1, s.m0))
	ey := e.ef
	if st.End.Heading != psi {
		e.ey = e.cam.Footprint(e.ey, st.End.Vec, st.End.Heading)
		ey = e.ey
	}
	s.nearEnd, _ = extent(ey, exy, s.uEnd)

	g := e.grid
	e.scan = covered(e.scan[:0], g, e.hull)
	for _, c := range e.scan {
		i, j := int(c.i), int(c.j)
		corner := g.Corner(i, j)
		var r float64
		if s.beyondEnd(corner) && len(ey) >= 3 && g.CellInConvex(ey, i, j) {
			r = rangeTo(corner, st.End.Vec)
		} else {
			r = s.sweptRange(&e.lens, corner)
		}
		e.cells = append(e.cells, obs{i: c.i, j: c.j, k: int32(g.Index(i, j)), r: r})
	}
}
